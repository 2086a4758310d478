"""The profile page in a browser: reached from one's name, name and email edited there."""

import pytest

from tests import factories
from trust import tokens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_my_name_and_email_on_the_profile(login, page, look, csp_violations, unit):
    amy = factories.UserFactory(
        username="amy",
        first_name="Amy",
        last_name="Archer",
        email="amy@example.com",
        role="account_manager",
        role__unit=unit,
    )
    tokens.api_token_create(user=amy, name="CRM sync")
    login(amy)
    page.get_by_role("link", name="Amy Archer").click()
    page.wait_for_url("**/account/")
    assert page.get_by_role("heading", name="Your profile").is_visible()
    tokens_section = page.get_by_role("region", name="API tokens")
    assert tokens_section.get_by_text("CRM sync").is_visible()
    look("profile")

    page.get_by_label("First name").fill("Amelia")
    page.get_by_label("Last name").fill("Archer-Bell")
    page.get_by_label("Email", exact=True).fill("amelia@example.com")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/account/")
    assert page.get_by_role("status").inner_text() == "Saved your name and email address."
    assert page.get_by_role("link", name="Amelia Archer-Bell").is_visible()
    assert page.get_by_label("Email", exact=True).input_value() == "amelia@example.com"
    look("profile-saved")
    amy.refresh_from_db()
    assert (amy.first_name, amy.last_name, amy.email) == (
        "Amelia",
        "Archer-Bell",
        "amelia@example.com",
    )

    page.get_by_label("First name").fill("")
    page.get_by_label("First name").evaluate("field => field.removeAttribute('required')")
    page.get_by_role("button", name="Save profile").click()
    assert "Nothing was saved." in page.get_by_role("alert").inner_text()
    look("profile-error")
    amy.refresh_from_db()
    assert amy.first_name == "Amelia"

    tokens_section.get_by_role("link", name="Manage your API tokens").click()
    page.wait_for_url("**/account/tokens/")
    assert csp_violations == []
