import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.pages import pager_link


@pytest.fixture
def account(owner):
    return factories.AccountFactory(organisation__name="Acme Steel", manager=owner)


def _populate(org, owner, rows):
    """`rows` of everything the organisation page lists, some of them at a division."""
    division = factories.OrganisationFactory(parent=org, name="Acme Steel Logistics")
    contacts = factories.ContactFactory.create_batch(rows, organisation=org)
    factories.ContactFactory(organisation=division)
    for contact in contacts:
        factories.RelationshipFactory(staff=owner, contact=contact, strength=50)
    for _ in range(rows):
        interaction = factories.InteractionFactory(organisation=org, logged_by=owner)
        interaction.contacts.set(contacts[:2])
        interaction.staff.set([owner])
    factories.CommitmentFactory.create_batch(rows, organisation=org, owner=owner)
    factories.IssueFactory.create_batch(rows, organisation=division, owner=owner)
    factories.InterventionFactory.create_batch(rows, organisation=org, owner=owner)


def test_shows_profile_contacts_relationships_timeline_commitments_issues(client, owner, account):
    org = account.organisation
    org.lifetime_value = 120000
    org.influence = 4
    org.save()
    contact = factories.ContactFactory(organisation=org, first_name="Carla", last_name="Ruiz")
    factories.RelationshipFactory(staff=owner, contact=contact, strength=63, tier="executive")
    interaction = factories.InteractionFactory(
        organisation=org, logged_by=owner, summary="Quarterly review"
    )
    interaction.contacts.set([contact])
    factories.CommitmentFactory(
        organisation=org,
        description="Send the revised price list",
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    factories.IssueFactory(organisation=org, summary="Pallets arrived late", severity="high")
    client.force_login(owner)
    body = client.get(f"/organisations/{org.pk}/").content.decode()
    for text in (
        "Acme Steel",
        "€120,000",
        "Carla Ruiz",
        "Executive",
        "63",
        "Quarterly review",
        "Send the revised price list",
        "Pallets arrived late",
        "Relationship map",
        'href="/relmap/"',
        f"/interactions/new/?organisation={org.pk}",
    ):
        assert text in body, text
    assert 'class="overdue">overdue<' in body


def test_shows_conflicts_between_units(client, owner, outsider, account):
    org = account.organisation
    factories.InterventionFactory(organisation=org, owner=owner, unit=owner.staff_profile.unit)
    factories.InterventionFactory(
        organisation=org, owner=outsider, unit=outsider.staff_profile.unit, title="Field push"
    )
    client.force_login(owner)
    body = client.get(f"/organisations/{org.pk}/").content.decode()
    assert "Conflict:" in body and "Field push" in body


def test_empty_sections_say_what_to_do(client, owner, account):
    client.force_login(owner)
    body = client.get(f"/organisations/{account.organisation_id}/").content.decode()
    assert "No contacts recorded here yet" in body
    assert "Log the first one" in body


def test_unknown_organisation_is_404(client, owner):
    client.force_login(owner)
    assert client.get("/organisations/999999/").status_code == 404


def test_timeline_pages_through_older_interactions(client, owner, account):
    org = account.organisation
    now = timezone.now()
    for i in range(25):
        factories.InteractionFactory(
            organisation=org,
            summary=f"Call number {i:02d}",
            occurred_at=now - dt.timedelta(hours=i),
        )
    client.force_login(owner)
    first = client.get(f"/organisations/{org.pk}/").content.decode()
    assert "Call number 00" in first and "Call number 24" not in first
    older = client.get(f"/organisations/{org.pk}/" + pager_link(first, "next")).content.decode()
    assert "Call number 24" in older and "Call number 00" not in older
    # The organisation page's other parameters are not the timeline's: a link by number, from
    # before the timeline paged by cursor, still works too.
    assert "timeline_cursor=" in pager_link(first, "next")
    by_number = client.get(f"/organisations/{org.pk}/?timeline=2").content.decode()
    assert "Call number 24" in by_number


def test_htmx_timeline_request_returns_the_fragment(client, owner, account):
    factories.InteractionFactory(organisation=account.organisation, summary="Site visit")
    client.force_login(owner)
    response = client.get(
        f"/organisations/{account.organisation_id}/?timeline=1", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Site visit" in body and "<html" not in body


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_query_count_is_constant(client, owner, account, django_assert_num_queries, rows):
    _populate(account.organisation, owner, rows)
    client.force_login(owner)
    # session, user, staff profile (role); organisation with parent; account with manager,
    # its team; fence check (hidden roots); can_write_at (fenced account); divisions;
    # communities; timeline interactions, their contacts, their staff; contacts;
    # relationships; open commitments; open issues; open interventions at the hierarchy;
    # issue form's contact choices are the contacts already fetched (no query). The account
    # map adds its own: root organisation, fence check, account, relationships with their
    # units, and the analysis's reads (coverage, executive contacts, relationships). The
    # History section reads its audit events in one more, and the names of the rows they
    # refer to (the organisation's parent here) in one per kind of row. Who knows them: two.
    with django_assert_num_queries(30):
        assert client.get(f"/organisations/{account.organisation_id}/").status_code == 200
