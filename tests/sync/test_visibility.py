"""Visibility changes are changes: a contact that leaves a user's view reaches their changes
feed as a tombstone, one that enters it as a live row, and a replica that follows the feed
always ends equal to a fresh full sync for the same user (docs/api-sync.md)."""

import base64
import struct

import pytest
from django.utils.crypto import salted_hmac

from stakeholders import services
from tests import factories
from tests.sync.conftest import CHANGES_URL, read_feed, wait_until_settled

pytestmark = pytest.mark.django_db(transaction=True)


class Replica:
    """A sync client's copy of the contacts: an initial sync, then the feed applied in order."""

    def __init__(self, client, limit=1000):
        self.client, self.limit = client, limit
        wait_until_settled()
        rows, self.cursor = read_feed(client, limit=limit)
        self.rows = {}
        self.apply(rows)

    def apply(self, rows):
        for row in rows:
            if row["deleted"]:
                self.rows.pop(row["id"], None)
            else:
                self.rows[row["id"]] = row

    def follow(self):
        wait_until_settled()
        rows, self.cursor = read_feed(self.client, since=self.cursor, limit=self.limit)
        self.apply(rows)
        return rows

    def ids(self):
        return set(self.rows)


def full_sync(client):
    wait_until_settled()
    rows, _ = read_feed(client)
    return {row["id"]: row for row in rows}


@pytest.fixture
def open_org(db):
    return factories.OrganisationFactory(name="Open Ltd")


def test_raising_a_fence_turns_its_contacts_into_tombstones_for_outsiders(
    outsider, owner, open_org, api_client
):
    ana = services.contact_create(first_name="Ana", organisation=open_org)
    other = services.contact_create(first_name="Otto", organisation=factories.OrganisationFactory())
    replica = Replica(api_client(outsider))
    assert replica.ids() == {ana.pk, other.pk}

    services.account_upsert(organisation=open_org, manager=owner, is_fenced=True)

    changes = replica.follow()
    assert [(r["id"], r["deleted"]) for r in changes] == [(ana.pk, True)]
    assert set(changes[0]) == {"id", "external_id", "deleted", "version", "updated_at"}
    assert replica.rows == full_sync(api_client(outsider))
    # The account's manager keeps the contact.
    assert ana.pk in full_sync(api_client(owner))


def test_leaving_and_joining_a_team_takes_contacts_away_and_brings_them_back(
    fenced_account, fenced_contact, teammate, owner, api_client
):
    replica = Replica(api_client(teammate))
    assert fenced_contact.pk in replica.ids()

    services.account_upsert(organisation=fenced_account.organisation, team=[])
    replica.follow()
    assert fenced_contact.pk not in replica.ids()

    services.account_upsert(organisation=fenced_account.organisation, team=[teammate])
    changes = replica.follow()
    assert [(r["id"], r["deleted"]) for r in changes] == [(fenced_contact.pk, False)]
    assert replica.rows == full_sync(api_client(teammate))


def test_a_manager_who_hands_the_account_over_loses_its_fenced_contacts(
    fenced_account, fenced_contact, owner, executive, api_client
):
    fenced_account.team.remove(owner)
    replica = Replica(api_client(owner))
    assert fenced_contact.pk in replica.ids()

    services.account_upsert(organisation=fenced_account.organisation, manager=executive)

    replica.follow()
    assert fenced_contact.pk not in replica.ids()
    assert replica.rows == full_sync(api_client(owner))


def test_a_contact_moved_behind_a_fence_reaches_outsiders_as_a_tombstone(
    fenced_org, open_org, outsider, owner, api_client
):
    ben = services.contact_create(first_name="Ben", organisation=open_org)
    outsiders, team = Replica(api_client(outsider)), Replica(api_client(owner))

    services.contact_update(contact=ben, organisation=fenced_org)

    assert [(r["id"], r["deleted"]) for r in outsiders.follow()] == [(ben.pk, True)]
    assert team.follow()[0]["organisation"] == fenced_org.pk
    services.contact_update(contact=ben, organisation=open_org)
    assert [(r["id"], r["deleted"]) for r in outsiders.follow()] == [(ben.pk, False)]
    assert outsiders.rows == full_sync(api_client(outsider))


def test_a_contact_moved_behind_a_fence_by_bulk_upsert_reaches_outsiders_as_a_tombstone(
    fenced_org, open_org, outsider, admin_user, api_client
):
    cleo = services.contact_create(first_name="Cleo", organisation=open_org, external_id="x:1")
    outsiders = Replica(api_client(outsider))
    response = api_client(admin_user).post(
        "/api/v1/contacts/bulk/",
        {"contacts": [{"external_id": "x:1", "organisation": fenced_org.pk}]},
        format="json",
    )
    assert response.json()["updated"] == 1
    assert [(r["id"], r["deleted"]) for r in outsiders.follow()] == [(cleo.pk, True)]


def test_a_division_moved_under_a_fenced_organisation_takes_its_contacts_along(
    fenced_org, open_org, outsider, api_client
):
    division = services.organisation_create(name="Open Depot", parent=open_org)
    dora = services.contact_create(first_name="Dora", organisation=division)
    replica = Replica(api_client(outsider))
    assert dora.pk in replica.ids()

    services.organisation_update(organisation=division, parent=fenced_org)

    replica.follow()
    assert dora.pk not in replica.ids()
    assert replica.rows == full_sync(api_client(outsider))


def test_contacts_moved_together_all_leave_though_a_page_ends_among_them(
    fenced_org, open_org, outsider, api_client
):
    # One move stamps every contact of the division alike; a page of one row ends between
    # them, and the rest must still follow.
    division = services.organisation_create(name="Open Depot", parent=open_org)
    people = [services.contact_create(first_name=n, organisation=division) for n in "ABC"]
    replica = Replica(api_client(outsider), limit=1)
    services.organisation_update(organisation=division, parent=fenced_org)

    left = replica.follow()
    assert sorted(r["id"] for r in left if r["deleted"]) == [p.pk for p in people]
    assert replica.rows == full_sync(api_client(outsider))


def test_a_new_role_brings_the_fenced_contacts_in_and_the_old_one_takes_them_away(
    fenced_contact, outsider, api_client
):
    replica = Replica(api_client(outsider))
    assert fenced_contact.pk not in replica.ids()

    services.staff_set_role(user=outsider, role="executive")
    outsider.refresh_from_db()
    replica.client = api_client(outsider)
    replica.follow()
    assert fenced_contact.pk in replica.ids()

    services.staff_set_role(user=outsider, role="account_manager")
    outsider.refresh_from_db()
    replica.client = api_client(outsider)
    replica.follow()
    assert replica.rows == full_sync(replica.client)


def test_many_contacts_changing_view_are_sent_a_page_at_a_time(
    fenced_account, fenced_org, outsider, api_client
):
    fenced_account.is_fenced = False
    fenced_account.save()
    people = [
        services.contact_create(first_name=f"P{i}", organisation=fenced_org) for i in range(7)
    ]
    replica = Replica(api_client(outsider), limit=2)
    assert replica.ids() >= {p.pk for p in people}

    services.account_upsert(organisation=fenced_org, is_fenced=True)
    pages = []
    cursor = replica.cursor
    while True:
        body = replica.client.get(CHANGES_URL, {"since": cursor, "limit": 2}).json()
        pages.append(body["results"])
        replica.apply(body["results"])
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert max(len(page) for page in pages) == 2 and len(pages) >= 4
    assert replica.ids().isdisjoint(p.pk for p in people)


def test_a_cursor_from_before_views_were_recorded_gets_410(owner, api_client):
    # The layout cursors had before they named a view: (version 1, stamp, id, live_below).
    payload = struct.pack(">Bqqq", 1, 0, 0, 0)
    mac = salted_hmac("relmap.stakeholders.sync.cursor", payload, algorithm="sha256").digest()
    cursor = base64.urlsafe_b64encode(payload + mac[:16]).decode().rstrip("=")
    response = api_client(owner).get(CHANGES_URL, {"since": cursor})
    assert response.status_code == 410
    assert response.json()["code"] == "cursor_expired"


def test_a_view_that_changes_back_while_its_contacts_are_being_sent_ends_right(
    fenced_org, outsider, api_client
):
    # Hypothesis found this one: the outsider becomes an executive (the fenced contacts start
    # to arrive, a page at a time), then goes back before they have all arrived.
    people = [
        services.contact_create(first_name=f"P{i}", organisation=fenced_org) for i in range(5)
    ]
    replica = Replica(api_client(outsider), limit=2)
    assert replica.ids().isdisjoint(p.pk for p in people)

    services.staff_set_role(user=outsider, role="executive")
    outsider.refresh_from_db()
    replica.client = api_client(outsider)
    body = replica.client.get(CHANGES_URL, {"since": replica.cursor, "limit": 2}).json()
    replica.apply(body["results"])
    replica.cursor = body["next_cursor"]
    assert len(replica.ids() & {p.pk for p in people}) == 2

    services.staff_set_role(user=outsider, role="account_manager")
    outsider.refresh_from_db()
    replica.client = api_client(outsider)
    replica.follow()
    assert replica.rows == full_sync(replica.client)
