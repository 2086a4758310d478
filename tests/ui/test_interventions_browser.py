"""Planning and changing interventions, in Chromium."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interventions.models import Intervention
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def acme():
    amy = factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", role__unit=factories.UnitFactory()
    )
    olga = factories.UserFactory(
        username="olga",
        first_name="Olga",
        last_name="Field",
        role__unit=factories.UnitFactory(name="Field Sales"),
    )
    org = factories.AccountFactory(organisation__name="Acme Steel", manager=amy).organisation
    factories.InterventionFactory(
        organisation=org, owner=olga, unit=olga.staff_profile.unit, title="Spring field push"
    )
    return amy, org


def _fill_plan(page, days):
    today = timezone.localdate()
    page.get_by_label("Title").fill("Renewal talks")
    page.get_by_label("Purpose").select_option("retain")
    page.get_by_label("Objective").fill("Keep Acme for three more years.")
    page.get_by_label("Intended outcome").fill("A signed three-year renewal.")
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Ends on").fill((today + dt.timedelta(days=days)).isoformat())


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["laptop", "phone"])
def test_the_overlap_shows_before_saving_and_once_after(acme, login, page, screenshot, viewport):
    amy, org = acme
    login(amy)
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"/interventions/new/?organisation={org.pk}")
    warning = page.get_by_role("status").filter(has_text="This overlaps with")
    _fill_plan(page, days=45)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("“Spring field push”, an open intervention by Olga Field")
    expect(warning).to_contain_text("(Field Sales)")
    screenshot("plan-form-warned")
    assert _fits(page)
    # Another window: the warning goes as soon as the plan no longer overlaps.
    far = timezone.localdate() + dt.timedelta(days=100)
    page.get_by_label("Starts on").fill(far.isoformat())
    page.get_by_label("Ends on").fill((far + dt.timedelta(days=10)).isoformat())
    expect(warning).to_have_count(0)
    assert Intervention.objects.count() == 1
    page.get_by_label("Starts on").fill(timezone.localdate().isoformat())
    expect(warning).to_be_visible()
    page.get_by_role("button", name="Save intervention").click()
    page.wait_for_url("**/interventions/*/")
    expect(page.get_by_role("heading", name="Conflicts")).to_be_visible()
    expect(page.get_by_text("This overlaps with")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Intervention saved")).to_be_visible()
    screenshot("saved-with-conflict")
    assert _fits(page)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["laptop", "phone"])
def test_edit_then_start_an_intervention(acme, login, page, screenshot, viewport):
    amy, org = acme
    plan = factories.InterventionFactory(
        organisation=org,
        owner=amy,
        unit=amy.staff_profile.unit,
        title="Renewl talks",
        starts_on=timezone.localdate() + dt.timedelta(days=60),
    )
    login(amy)
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"/interventions/{plan.pk}/")
    screenshot("planned")
    assert _fits(page)
    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_url(f"**/interventions/{plan.pk}/edit/")
    expect(page.get_by_role("region", name="Target")).to_contain_text("Acme Steel")
    page.get_by_label("Title").fill("Renewal talks")
    page.get_by_label("Ends on").fill((plan.starts_on + dt.timedelta(days=90)).isoformat())
    screenshot("edit-form")
    assert _fits(page)
    page.get_by_role("button", name="Save intervention").click()
    page.wait_for_url(f"**/interventions/{plan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Renewal talks")
    expect(page.get_by_role("status").filter(has_text="Intervention updated")).to_be_visible()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("status").filter(has_text="Intervention started")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Active")
    expect(page.get_by_role("button", name="Start")).to_have_count(0)
    screenshot("started")
    assert _fits(page)
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Renewal talks", "active")
