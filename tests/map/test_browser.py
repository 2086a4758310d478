"""A person opens the relationship map and one account's map in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories


def build_world():
    """Two accounts: Acme (busy, with a division, gaps, a dormant tie and a conflict) and
    Borealis (held by one person)."""
    sales = factories.UnitFactory(name="Key Accounts")
    field = factories.UnitFactory(name="Field Sales")
    amy = factories.UserFactory(
        username="amy",
        first_name="Amy",
        last_name="Adams",
        role="account_manager",
        role__unit=sales,
    )
    ben = factories.UserFactory(
        username="ben",
        first_name="Ben",
        last_name="Brown",
        role="account_manager",
        role__unit=field,
    )
    cleo = factories.UserFactory(
        username="cleo", first_name="Cleo", last_name="Chief", role="executive", role__unit=sales
    )
    acme = factories.AccountFactory(organisation__name="Acme Steel", manager=amy, team=[ben])
    rail = factories.OrganisationFactory(parent=acme.organisation, name="Acme Rail")
    people = [
        ("Dora", "Director", acme.organisation, "executive", "Managing Director"),
        ("Eve", "Engineer", acme.organisation, "operational", "Plant engineer"),
        ("Finn", "Finance", acme.organisation, "executive", "CFO"),
        ("Gus", "Buyer", acme.organisation, "operational", "Senior buyer"),
        ("Hana", "Rail", rail, "executive", "Head of Rail"),
        ("Ivo", "Depot", rail, "operational", "Depot manager"),
    ]
    contacts = {
        first: factories.ContactFactory(
            first_name=first,
            last_name=last,
            organisation=org,
            seniority=seniority,
            job_title=title,
        )
        for first, last, org, seniority, title in people
    }
    now = timezone.now()
    ties = [
        (amy, "Eve", "operational", 80, 3),
        (amy, "Gus", "operational", 65, 10),
        (ben, "Gus", "operational", 40, 20),
        (ben, "Ivo", "operational", 55, 5),
        (cleo, "Dora", "executive", 90, 12),
        (amy, "Hana", "executive", 20, 120),
        (cleo, "Finn", "institutional", 50, 30),
    ]
    for user, first, tier, strength, days in ties:
        factories.RelationshipFactory(
            staff=user,
            contact=contacts[first],
            tier=tier,
            strength=strength,
            last_interaction_at=now - timedelta(days=days),
        )
    borealis = factories.AccountFactory(organisation__name="Borealis Foods", manager=amy)
    factories.RelationshipFactory(
        staff=amy,
        contact=factories.ContactFactory(organisation=borealis.organisation),
        strength=70,
        last_interaction_at=now - timedelta(days=2),
    )
    today = timezone.localdate()
    factories.InterventionFactory(
        title="Rail framework renewal",
        organisation=rail,
        owner=amy,
        unit=sales,
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    factories.InterventionFactory(
        title="Spring steel campaign",
        organisation=acme.organisation,
        owner=ben,
        unit=field,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=40),
    )
    return amy, acme


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_relmap_and_account_map_in_a_browser(login, page, screenshot):
    amy, acme = build_world()
    login(amy)
    page.get_by_role("link", name="Relationship map").click()
    page.wait_for_url("**/relmap/")
    assert page.get_by_role("heading", name="Relationship map", level=1).is_visible()
    assert page.get_by_role("heading", name="Single-threaded accounts").is_visible()
    assert page.get_by_role("cell", name="Borealis Foods").first.is_visible()
    assert page.get_by_text("Rail framework renewal").is_visible()
    screenshot("relmap")

    page.get_by_label("Tier", exact=True).select_option("executive")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/relmap/?*tier=executive*")
    assert page.get_by_role("heading", name="Dormant executive relationships").is_visible()
    screenshot("relmap-executive")

    page.goto(f"/organisations/{acme.organisation_id}/map/")
    svg = page.get_by_role("img", name="Relationship map of Acme Steel")
    assert svg.is_visible()
    assert page.get_by_text("an executive with no active executive relationship").first.is_visible()
    screenshot("account-map")
    page.get_by_text("The same relationships as a table").click()
    assert page.get_by_role("cell", name="Hana Rail").is_visible()
    screenshot("account-map-table")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_busy_account_map_stays_readable(login, page, screenshot):
    owner = factories.UserFactory(username="olga", role="executive")
    account = factories.AccountFactory(organisation__name="Busy Logistics", manager=owner)
    divisions = [account.organisation] + [
        factories.OrganisationFactory(parent=account.organisation, name=f"Busy {name}")
        for name in ("Air Freight", "Warehousing", "Customs Brokerage Services International")
    ]
    units = [factories.UnitFactory(name=n) for n in ("Key Accounts", "Operations", "Finance")]
    staff = [
        factories.UserFactory(role="account_manager", role__unit=units[i % 3]) for i in range(10)
    ]
    now = timezone.now()
    for i in range(50):
        contact = factories.ContactFactory(
            organisation=divisions[i % 4], seniority="executive" if i % 6 == 0 else "operational"
        )
        factories.RelationshipFactory(
            staff=staff[(i * 7) % 10],
            contact=contact,
            tier=("operational", "operational", "executive", "institutional")[i % 4],
            strength=(i * 37) % 100,
            last_interaction_at=now - timedelta(days=(i * 13) % 150),
        )
    login(owner)
    page.goto(f"/organisations/{account.organisation_id}/map/")
    assert page.get_by_role("img", name="Relationship map of Busy Logistics").is_visible()
    assert page.locator("svg path").count() == 50
    screenshot("busy-map")
