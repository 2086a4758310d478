"""The account manager's main journeys, in Chromium."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interventions.models import Interaction
from stakeholders.models import Relationship
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cast():
    unit = factories.UnitFactory(name="Key Accounts")
    other_unit = factories.UnitFactory(name="Field Sales")
    amy = factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", role__unit=unit
    )
    olga = factories.UserFactory(
        username="olga", first_name="Olga", last_name="Field", role__unit=other_unit
    )
    account = factories.AccountFactory(
        organisation__name="Acme Steel", manager=amy, current_level=1, target_level=3
    )
    org = account.organisation
    division = factories.OrganisationFactory(parent=org, name="Acme Steel Logistics")
    carla = factories.ContactFactory(
        organisation=org,
        first_name="Carla",
        last_name="Ruiz",
        job_title="CFO",
        seniority="executive",
    )
    factories.ContactFactory(organisation=division, first_name="Carlos", last_name="Mendes")
    factories.ContactFactory(organisation=org, first_name="Bob", last_name="Ng")
    factories.RelationshipFactory(staff=amy, contact=carla, strength=42, tier="executive")
    factories.CommitmentFactory(
        organisation=org,
        description="Send the revised price list",
        due_on=timezone.localdate() - dt.timedelta(days=3),
        owner=amy,
    )
    factories.IssueFactory(organisation=division, summary="Pallets arrived late", severity="high")
    return amy, olga, org, carla


def test_log_an_interaction_with_a_contact_chosen_by_typing(login, page, screenshot):
    amy, _, org, carla = _cast()
    login(amy)
    screenshot("home")
    page.get_by_role("table").get_by_role("link", name="Acme Steel", exact=True).click()
    page.wait_for_url(f"**/organisations/{org.pk}/")
    screenshot("organisation")
    page.get_by_role("link", name="Log interaction", exact=True).click()
    page.wait_for_url("**/interactions/new/**")
    assert page.get_by_label("Date").input_value().startswith(timezone.localdate().isoformat())
    page.get_by_label("Kind").select_option("Call")
    page.get_by_label("Contacts").fill("carl")
    # htmx narrows the list to the matching contacts of the organisation and its divisions.
    page.get_by_text("Bob Ng").wait_for(state="detached")
    page.get_by_label("Carla Ruiz").check()
    page.get_by_label("Summary").fill("Agreed the renewal timetable")
    page.get_by_label("Sentiment").select_option("1")
    page.get_by_label("Notes").fill("She wants the draft by Friday.")
    screenshot("log-form")
    page.get_by_label("Summary").press("Enter")
    page.wait_for_url(f"**/organisations/{org.pk}/?logged=*")
    assert page.get_by_role("status").filter(has_text="Interaction logged").is_visible()
    timeline = page.locator("#timeline")
    assert timeline.get_by_text("Agreed the renewal timetable").is_visible()
    screenshot("after-logging")
    interaction = Interaction.objects.get()
    assert list(interaction.contacts.all()) == [carla]
    relationship = Relationship.objects.get(staff=amy, contact=carla)
    assert relationship.last_interaction_at == interaction.occurred_at


def test_plan_an_overlapping_intervention_and_see_the_warning(login, page, screenshot):
    amy, olga, org, _ = _cast()
    factories.InterventionFactory(
        organisation=org, owner=olga, unit=olga.staff_profile.unit, title="Spring field push"
    )
    login(amy)
    page.goto(f"/organisations/{org.pk}/")
    page.get_by_role("link", name="Plan intervention").click()
    page.get_by_label("Title").fill("Renewal talks")
    page.get_by_label("Purpose").select_option("retain")
    page.get_by_label("Objective").fill("Keep Acme for three more years.")
    page.get_by_label("Intended outcome").fill("A signed three-year renewal.")
    today = timezone.localdate()
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Ends on").fill((today + dt.timedelta(days=45)).isoformat())
    # Warned before saving, as soon as the target and the window are chosen.
    warning = page.get_by_role("status").filter(has_text="This overlaps with")
    expect(warning).to_be_visible()
    assert "Spring field push" in warning.inner_text() and "Olga Field" in warning.inner_text()
    screenshot("plan-form")
    page.get_by_role("button", name="Save intervention").click()
    page.wait_for_url("**/interventions/*/")
    assert page.get_by_role("heading", name="Conflicts").is_visible()
    expect(page.get_by_text("This overlaps with")).to_have_count(1)
    screenshot("conflict")


def test_outsider_is_blocked_at_a_fenced_account(login, page, screenshot):
    amy, olga, org, carla = _cast()
    account = org.account
    account.is_fenced = True
    account.save()
    login(olga)
    page.goto(f"/organisations/{org.pk}/")
    assert page.get_by_text("is behind a picket fence").is_visible()
    assert page.get_by_text("Ask Amy Archer").is_visible()
    assert page.get_by_text("Carla Ruiz").count() == 0
    assert page.get_by_role("link", name="Log interaction").count() == 0
    screenshot("fenced-organisation")
    response = page.goto(f"/interactions/new/?organisation={org.pk}")
    assert response.status == 403
    assert "picket fence" in page.get_by_role("alert").inner_text()
    screenshot("refused")
    assert page.goto(f"/contacts/{carla.pk}/").status == 404


def test_validation_errors_and_empty_states_read_well(login, page, screenshot):
    amy, _, org, _ = _cast()
    empty = factories.AccountFactory(organisation__name="Borealis Foods", manager=amy)
    login(amy)
    page.goto(f"/interactions/new/?organisation={org.pk}")
    page.get_by_label("Commitment 1").fill("Call back")
    page.get_by_role("button", name="Log interaction").click()
    assert page.get_by_role("alert").filter(has_text="Nothing was saved").is_visible()
    screenshot("log-errors")
    page.goto(f"/organisations/{empty.organisation_id}/")
    screenshot("empty-organisation")
    page.goto("/interventions/")
    screenshot("interventions-empty")
    page.goto("/organisations/")
    screenshot("organisations")
    # htmx swaps the rows as one types; the address keeps the search for bookmarks.
    page.get_by_role("search", name="Filter organisations").get_by_label("Search").fill("borea")
    expect(page.get_by_role("link", name="Acme Steel", exact=True)).to_have_count(0)
    assert page.get_by_role("link", name="Borealis Foods").is_visible()
    assert "q=borea" in page.url


def test_organisation_page_and_log_form_fit_a_phone(login, page, screenshot):
    amy, _, org, _ = _cast()
    login(amy)
    page.set_viewport_size({"width": 390, "height": 844})
    for url, name in (
        (f"/organisations/{org.pk}/", "phone-organisation"),
        (f"/interactions/new/?organisation={org.pk}", "phone-log-form"),
        ("/", "phone-home"),
    ):
        page.goto(url)
        screenshot(name)
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url


def test_logging_works_without_javascript(chromium, live_server):
    amy, _, org, carla = _cast()
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("amy")
        page.get_by_label("Password").fill("pw")
        page.get_by_role("button", name="Log in").click()
        page.goto(f"/contacts/{carla.pk}/")
        page.get_by_role("link", name="Log interaction").click()
        # Without htmx the contacts are a plain checkbox list; the contact page's contact is
        # already ticked.
        assert page.get_by_label("Carla Ruiz").is_checked()
        page.get_by_label("Kind").select_option("Meeting")
        page.get_by_label("Summary").fill("Met at the trade fair")
        page.get_by_role("button", name="Log interaction").click()
        page.wait_for_url(f"**/organisations/{org.pk}/?logged=*")
        assert page.locator("#timeline").get_by_text("Met at the trade fair").is_visible()
        assert list(Interaction.objects.get().contacts.all()) == [carla]
    finally:
        context.close()
