"""Correcting and deleting one's own interaction from the timeline, in Chromium."""

import pytest
from playwright.sync_api import expect

from interventions.models import Interaction
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def visit():
    amy = factories.UserFactory(username="amy", first_name="Amy", last_name="Archer")
    org = factories.AccountFactory(organisation__name="Acme Steel", manager=amy).organisation
    carla = factories.ContactFactory(organisation=org, first_name="Carla", last_name="Ruiz")
    interaction = factories.InteractionFactory(
        organisation=org, logged_by=amy, kind="visit", summary="Vistied the warehuose"
    )
    interaction.contacts.set([carla])
    interaction.staff.set([amy])
    factories.InteractionFactory(organisation=org, summary="Someone else's call")
    return amy, org, interaction


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["laptop", "phone"])
def test_edit_then_delete_ones_own_interaction(visit, login, page, screenshot, viewport):
    amy, org, interaction = visit
    login(amy)
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"/organisations/{org.pk}/")
    timeline = page.locator("#timeline")
    # Only one's own entries offer it.
    expect(timeline.get_by_role("link", name="Edit", exact=False)).to_have_count(1)
    timeline.get_by_role("link", name="Edit “Vistied the warehuose”").click()
    page.wait_for_url(f"**/interactions/{interaction.pk}/edit/**")
    expect(page.get_by_label("Kind")).to_have_value("visit")
    expect(page.get_by_role("region", name="As logged")).to_contain_text("Carla Ruiz")
    screenshot("edit-form")
    assert _fits(page)
    page.get_by_label("Summary").fill("Visited the warehouse")
    page.get_by_label("Notes").fill("The new racking is in.")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**/organisations/{org.pk}/#interaction-{interaction.pk}")
    entry = page.locator(f"#interaction-{interaction.pk}")
    expect(entry).to_contain_text("Visited the warehouse")
    expect(entry).to_be_in_viewport()
    expect(page.get_by_role("status").filter(has_text="Interaction updated")).to_have_count(1)
    screenshot("after-edit")

    entry.get_by_role("link", name="Delete “Visited the warehouse”").click()
    expect(page.get_by_role("heading", name="Delete this interaction?")).to_be_visible()
    screenshot("confirm-delete")
    assert _fits(page)
    assert Interaction.objects.filter(pk=interaction.pk).exists()
    page.get_by_role("button", name="Delete interaction").click()
    page.wait_for_url(f"**/organisations/{org.pk}/")
    deleted = page.get_by_role("status").filter(has_text="Interaction deleted")
    expect(deleted).to_contain_text("Interaction deleted: Visited the warehouse")
    expect(page.locator(f"#interaction-{interaction.pk}")).to_have_count(0)
    assert not Interaction.objects.filter(pk=interaction.pk).exists()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["laptop", "phone"])
def test_the_contact_page_offers_edit_and_returns_there(visit, login, page, screenshot, viewport):
    amy, _, interaction = visit
    carla = interaction.contacts.get()
    login(amy)
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"/contacts/{carla.pk}/")
    screenshot("contact-timeline")
    assert _fits(page)
    page.get_by_role("link", name="Edit “Vistied the warehuose”").click()
    page.get_by_label("Summary").fill("Visited the warehouse")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**/contacts/{carla.pk}/#interaction-{interaction.pk}")
    expect(page.locator(f"#interaction-{interaction.pk}")).to_contain_text("Visited the warehouse")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["laptop", "phone"])
def test_someone_elses_interaction_is_refused_with_the_reason(
    visit, login, page, screenshot, viewport
):
    amy, org, _ = visit
    other = Interaction.objects.get(summary="Someone else's call")
    login(amy)
    if viewport:
        page.set_viewport_size(viewport)
    response = page.goto(f"/interactions/{other.pk}/edit/")
    assert response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("Only the person who logged an interaction")
    screenshot("refused")
    assert _fits(page)
