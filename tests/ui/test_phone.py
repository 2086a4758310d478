"""Every page at 390 px wide (a phone): nothing scrolls sideways. Screenshots of each page at
phone and desktop width are saved under test-artifacts/ for a person to look at."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.calendar import feed_renew
from notifications.services import notify
from scorecard.alert_work import alert_page_url
from scorecard.models import Alert, Measure
from scorecard.periods import current_quarter
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _world():
    unit = factories.UnitFactory(name="Key Accounts")
    amy = factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer-Featherstonehaugh", role__unit=unit
    )
    account = factories.AccountFactory(
        organisation__name="Acme Steel and Shipbuilding International Holdings",
        organisation__website="https://www.acme-steel-and-shipbuilding.example/about/contact",
        organisation__is_key_account=True,
        manager=amy,
        current_level=1,
        target_level=3,
    )
    org = account.organisation
    division = factories.OrganisationFactory(parent=org, name="Acme Steel Logistics Division")
    carla = factories.ContactFactory(
        organisation=org,
        first_name="Carla",
        last_name="Ruiz-Montenegro",
        job_title="Chief Financial Officer and Head of Procurement",
        email="carla.ruiz-montenegro@acme-steel-and-shipbuilding.example",
        seniority="executive",
    )
    ben = factories.ContactFactory(organisation=division, first_name="Ben", last_name="Ng")
    factories.RelationshipFactory(staff=amy, contact=carla, strength=42, tier="executive")
    factories.RelationshipFactory(staff=amy, contact=ben, strength=12)
    interaction = factories.InteractionFactory(
        organisation=org,
        logged_by=amy,
        summary="Quarterly review of the framework agreement and the delivery schedule",
    )
    interaction.contacts.set([carla, ben])
    interaction.staff.set([amy])
    factories.CommitmentFactory(
        organisation=org,
        description="Send the revised price list with the volume discounts for 2027",
        due_on=timezone.localdate() - dt.timedelta(days=3),
        owner=amy,
    )
    factories.IssueFactory(organisation=division, summary="Pallets arrived late", severity="high")
    intervention = factories.InterventionFactory(
        organisation=org, owner=amy, title="Renew the framework agreement before the summer"
    )
    community = factories.CommunityFactory(name="Heavy industry customers")
    org.communities.add(community)
    factories.AssessmentFactory(account=account, respondent=carla, comment="Good year")
    quarter = current_quarter()
    alert = Alert.objects.create(
        measure=Measure.objects.get(code="late_delivery_complaints_key_accounts"),
        scope_kind="account", scope_id=account.pk, scope_name=org.name, period=quarter.code,
        previous_period=quarter.previous().code, value=11, previous_value=6, severity="high",
        message=f"Late-delivery complaints at key accounts ({org.name}): 11 this quarter, up "
        "from 6 (+83%)",
    )  # fmt: skip
    notify([amy], kind="alert", message=alert.message, url=alert_page_url(alert), root=org.pk)
    feed_renew(user=amy)
    return amy, org, carla, intervention, community


def _pages(org, carla, intervention, community):
    return [
        ("home", "/"),
        ("organisations", "/organisations/"),
        ("organisation", f"/organisations/{org.pk}/"),
        ("account-map", f"/organisations/{org.pk}/map/"),
        ("organisation-edit", f"/organisations/{org.pk}/edit/"),
        ("account", f"/organisations/{org.pk}/account/"),
        ("assessments", f"/organisations/{org.pk}/assessments/"),
        ("contacts", "/contacts/"),
        ("contact", f"/contacts/{carla.pk}/"),
        ("contact-edit", f"/contacts/{carla.pk}/edit/"),
        ("contact-new", f"/contacts/new/?organisation={org.pk}"),
        ("relationship-new", f"/contacts/{carla.pk}/relationships/new/"),
        ("communities", "/communities/"),
        ("community", f"/communities/{community.pk}/"),
        ("interventions", "/interventions/"),
        ("intervention", f"/interventions/{intervention.pk}/"),
        ("intervention-new", f"/interventions/new/?organisation={org.pk}"),
        ("log-interaction", f"/interactions/new/?organisation={org.pk}"),
        ("relmap", "/relmap/"),
        ("scorecard", "/scorecard/"),
        ("search", "/search/?q=acme"),
        ("tokens", "/account/tokens/"),
        ("profile", "/account/"),
        ("notifications", "/notifications/"),
        ("alerts", "/scorecard/alerts/?show=all"),
        ("imports", "/imports/"),
        ("import-new", "/imports/new/"),
    ]


def test_no_page_scrolls_sideways_on_a_phone(login, page, screenshot):
    amy, org, carla, intervention, community = _world()
    login(amy)
    too_wide = []
    for name, url in _pages(org, carla, intervention, community):
        page.set_viewport_size(DESKTOP)
        page.goto(url)
        screenshot(f"{name}-desktop")
        page.set_viewport_size(PHONE)
        page.goto(url)
        screenshot(f"{name}-phone")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append((url, width))
    assert too_wide == [], too_wide


def test_on_a_phone_the_navigation_is_a_menu(login, page):
    amy, *_ = _world()
    page.set_viewport_size(PHONE)
    login(amy)
    menu = page.get_by_role("button", name="Menu")
    nav_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts")
    assert menu.is_visible() and not nav_link.is_visible()
    menu.click()
    assert nav_link.is_visible() and menu.get_attribute("aria-expanded") == "true"
    page.set_viewport_size(DESKTOP)
    assert nav_link.is_visible() and not menu.is_visible()
