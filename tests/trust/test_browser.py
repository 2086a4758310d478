"""Browser journeys: a contact's history, and creating and revoking one's own API token."""

import pytest

from stakeholders import services
from tests import factories
from trust.models import ApiToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contact_history_shows_the_change_just_made(login, page, screenshot):
    amy = factories.UserFactory(username="amy", first_name="Amy", role="account_manager")
    contact = factories.ContactFactory(first_name="Carla", last_name="Ruiz", job_title="CFO")
    services.contact_update(contact=contact, job_title="CEO")
    login(amy)
    page.goto(f"/contacts/{contact.pk}/")
    history = page.get_by_role("region", name="History")
    assert history.get_by_text("CFO → CEO").is_visible()
    assert history.get_by_role("row").nth(1).get_by_text("Changed").is_visible()
    screenshot("contact-history")


def test_create_and_revoke_a_token(login, page, screenshot):
    amy = factories.UserFactory(username="amy", first_name="Amy", last_name="Archer")
    login(amy)
    page.get_by_role("link", name="Amy Archer").click()
    page.wait_for_url("**/account/")
    page.get_by_role("link", name="Manage your API tokens").click()
    page.wait_for_url("**/account/tokens/")
    assert page.get_by_text("You have no API tokens yet.").is_visible()
    page.get_by_label("Name").fill("CRM sync")
    page.get_by_role("button", name="Create token").click()
    status = page.get_by_role("status")
    assert "Copy its key now" in status.inner_text()
    key = page.get_by_label("Key").input_value()
    token = ApiToken.objects.get(user=amy)
    assert key.startswith(token.prefix) and token.name == "CRM sync"
    screenshot("token-created")
    page.get_by_role("button", name="Revoke the token CRM sync").click()
    page.wait_for_url("**/account/tokens/")
    assert "Revoked the token" in page.get_by_role("status").inner_text()
    assert page.get_by_role("cell", name="Revoked").count() == 1
    token.refresh_from_db()
    assert token.revoked_at is not None
    screenshot("token-revoked")
