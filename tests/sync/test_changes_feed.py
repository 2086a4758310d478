"""GET /api/v1/contacts/changes/: initial and incremental sync, tombstones, paging, fences."""

import base64
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from stakeholders import services, sync
from stakeholders.models import Contact
from tests import factories
from tests.sync.conftest import CHANGES_URL, read_feed, wait_until_settled

# On PostgreSQL the feed only serves committed transactions, so the tests must commit.
pytestmark = pytest.mark.django_db(transaction=True)

LIVE_FIELDS = {*sync.CONTACT_SYNC_FIELDS, "deleted"}
TOMBSTONE_FIELDS = {"id", "external_id", "deleted", "version", "updated_at"}


def _contacts(n, organisation=None, prefix="c"):
    organisation = organisation or factories.OrganisationFactory()
    return [
        services.contact_create(
            first_name=f"Person {i}", organisation=organisation, external_id=f"{prefix}:{i}"
        )
        for i in range(n)
    ]


def _initial_sync(client, limit=1000):
    wait_until_settled()
    return read_feed(client, limit=limit)


def test_initial_sync_returns_every_live_contact_without_tombstones(admin_user, api_client):
    client = api_client(admin_user)
    alive = _contacts(3)
    services.contact_delete(contact=alive[0])
    rows, _ = _initial_sync(client)
    assert sorted(r["id"] for r in rows) == sorted(c.pk for c in alive[1:])
    assert all(r["deleted"] is False for r in rows)


def test_live_rows_carry_the_contract_fields(admin_user, api_client):
    client = api_client(admin_user)
    org = factories.OrganisationFactory()
    contact = services.contact_create(
        first_name="Ada",
        last_name="Lovelace",
        email="ada@example.org",
        organisation=org,
        influence=4,
        consent_marketing=True,
        external_id="crm:ada",
    )
    [row], _ = _initial_sync(client)
    assert set(row) == LIVE_FIELDS
    assert row["id"] == contact.pk
    assert row["external_id"] == "crm:ada"
    assert row["organisation"] == org.pk
    assert row["influence"] == 4
    assert row["consent_marketing"] is True
    assert row["version"] == 1
    assert row["updated_at"].endswith("Z")


def test_initial_sync_pages_through_everything_once(admin_user, api_client):
    client = api_client(admin_user)
    contacts = _contacts(7)
    wait_until_settled()
    first = client.get(CHANGES_URL, {"limit": 3}).json()
    assert len(first["results"]) == 3
    assert first["has_more"] is True
    rows, _ = read_feed(client, since=first["next_cursor"], limit=3)
    ids = [r["id"] for r in first["results"] + rows]
    assert sorted(ids) == sorted(c.pk for c in contacts)
    assert len(ids) == len(set(ids))


def test_incremental_sync_returns_creates_updates_and_tombstones(admin_user, api_client):
    client = api_client(admin_user)
    kept, changed, removed = _contacts(3)
    _, cursor = _initial_sync(client)

    new = services.contact_create(first_name="New", external_id="c:new")
    services.contact_update(contact=changed, job_title="Buyer")
    services.contact_delete(contact=removed)
    wait_until_settled()
    rows, _ = read_feed(client, since=cursor)

    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {new.pk, changed.pk, removed.pk}
    assert by_id[new.pk]["deleted"] is False
    assert by_id[changed.pk]["job_title"] == "Buyer"
    assert by_id[changed.pk]["version"] == 2
    tombstone = by_id[removed.pk]
    assert set(tombstone) == TOMBSTONE_FIELDS
    assert tombstone == {
        "id": removed.pk,
        "external_id": "c:2",
        "deleted": True,
        "version": 2,
        "updated_at": tombstone["updated_at"],
    }
    assert kept.pk not in by_id


def test_a_contact_changed_twice_comes_once_in_its_latest_state(admin_user, api_client):
    client = api_client(admin_user)
    [contact] = _contacts(1)
    _, cursor = _initial_sync(client)
    services.contact_update(contact=contact, job_title="First")
    services.contact_update(contact=contact, job_title="Second")
    wait_until_settled()
    rows, _ = read_feed(client, since=cursor)
    assert [(r["id"], r["job_title"], r["version"]) for r in rows] == [(contact.pk, "Second", 3)]


def test_a_caught_up_cursor_returns_nothing_and_stays_usable(admin_user, api_client):
    client = api_client(admin_user)
    _contacts(2)
    _, cursor = _initial_sync(client)
    response = client.get(CHANGES_URL, {"since": cursor}).json()
    assert response == {"results": [], "next_cursor": cursor, "has_more": False}


def test_initial_sync_of_an_empty_database_still_gives_a_starting_cursor(admin_user, api_client):
    client = api_client(admin_user)
    rows, cursor = _initial_sync(client)
    assert rows == []
    contact = services.contact_create(first_name="First ever")
    wait_until_settled()
    rows, _ = read_feed(client, since=cursor)
    assert [r["id"] for r in rows] == [contact.pk]


def test_a_contact_deleted_during_the_initial_sync_comes_as_a_tombstone(admin_user, api_client):
    client = api_client(admin_user)
    contacts = _contacts(4)
    gone_before = services.contact_create(first_name="Gone before")
    services.contact_delete(contact=gone_before)
    wait_until_settled()
    first = client.get(CHANGES_URL, {"limit": 2}).json()
    received = first["results"][0]["id"]
    services.contact_delete(contact=Contact.objects.get(pk=received))
    wait_until_settled()
    rows, _ = read_feed(client, since=first["next_cursor"], limit=2)

    replica = {r["id"]: r for r in first["results"]}
    for row in rows:
        if row["deleted"]:
            replica.pop(row["id"], None)
        else:
            replica[row["id"]] = row
    assert set(replica) == {c.pk for c in contacts} - {received}
    # A contact deleted before the client started is no news to it.
    assert gone_before.pk not in {r["id"] for r in rows}


def test_bulk_upserts_appear_in_the_feed(admin_user, api_client):
    client = api_client(admin_user)
    _, cursor = _initial_sync(client)
    sync.contact_upsert_many(
        user=admin_user,
        items=[{"external_id": f"b:{i}", "first_name": f"Bulk {i}"} for i in range(5)],
    )
    wait_until_settled()
    rows, _ = read_feed(client, since=cursor)
    assert sorted(r["external_id"] for r in rows) == [f"b:{i}" for i in range(5)]


def test_outsider_does_not_see_fenced_contacts(
    fenced_org, fenced_contact, outsider, teammate, api_client
):
    open_contact = services.contact_create(first_name="Open")
    wait_until_settled()
    outsider_rows, outsider_cursor = read_feed(api_client(outsider))
    teammate_rows, _ = read_feed(api_client(teammate))
    assert [r["id"] for r in outsider_rows] == [open_contact.pk]
    assert {r["id"] for r in teammate_rows} == {open_contact.pk, fenced_contact.pk}

    services.contact_update(contact=fenced_contact, job_title="Secret")
    services.contact_create(first_name="Also fenced", organisation=fenced_org)
    wait_until_settled()
    rows, _ = read_feed(api_client(outsider), since=outsider_cursor)
    assert rows == []


@pytest.mark.parametrize(
    "since",
    [
        "not-a-cursor",
        "",
        "AAAA",
        "é",
        base64.urlsafe_b64encode(b"x" * 41).decode().rstrip("="),
    ],
)
def test_malformed_cursor_is_400(since, admin_user, api_client):
    response = api_client(admin_user).get(CHANGES_URL, {"since": since})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_a_cursor_with_a_nul_is_400_before_it_is_read(admin_user, api_client):
    # Every query parameter holding a NUL is refused first (core/middleware.py).
    response = api_client(admin_user).get(CHANGES_URL, {"since": "é\x00"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A query parameter holds a NUL character.",
        "code": "bad_request",
    }


def test_tampered_cursor_is_400(admin_user, api_client):
    client = api_client(admin_user)
    _contacts(1)
    _, cursor = _initial_sync(client)
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[8] ^= 1  # nudge the stamp
    forged = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    response = client.get(CHANGES_URL, {"since": forged})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize("limit", ["0", "1001", "-1", "ten", "", "²", "١٠", "9" * 40])
def test_limit_out_of_range_is_400(limit, admin_user, api_client):
    response = api_client(admin_user).get(CHANGES_URL, {"limit": limit})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_limit"


def test_cursor_before_expired_tombstones_is_410(admin_user, api_client):
    client = api_client(admin_user)
    old, kept = _contacts(2)
    _, cursor = _initial_sync(client)
    services.contact_delete(contact=old)
    wait_until_settled()
    _, fresh_cursor = read_feed(client, since=cursor)

    expired = sync.contact_tombstones_expire(deleted_before=timezone.now() + timedelta(seconds=1))

    assert expired == 1
    response = client.get(CHANGES_URL, {"since": cursor})
    assert response.status_code == 410
    assert response.json()["code"] == "cursor_expired"
    # A client that already saw the tombstone carries on; a full resync works too.
    assert client.get(CHANGES_URL, {"since": fresh_cursor}).status_code == 200
    rows, _ = read_feed(client)
    assert [r["id"] for r in rows] == [kept.pk]


def test_housekeeping_expires_only_tombstones_past_retention(admin_user, api_client, settings):
    client = api_client(admin_user)
    [contact] = _contacts(1)
    _, cursor = _initial_sync(client)
    services.contact_delete(contact=contact)
    call_command("housekeeping", stdout=io.StringIO())
    assert client.get(CHANGES_URL, {"since": cursor}).status_code == 200
    Contact.objects.filter(pk=contact.pk).update(deleted_at=timezone.now() - timedelta(days=91))
    call_command("housekeeping", stdout=io.StringIO())
    assert client.get(CHANGES_URL, {"since": cursor}).status_code == 410


def test_anonymous_is_refused(client):
    response = client.get(CHANGES_URL)
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


@pytest.mark.parametrize("rows", [1, 10, 100])
def test_feed_costs_a_constant_number_of_queries(
    rows, outsider, api_client, django_assert_num_queries
):
    client = api_client(outsider)
    org = factories.OrganisationFactory()
    Contact.objects.bulk_create(
        Contact(first_name=f"P{i}", organisation=org, sync_txid=0) for i in range(rows)
    )
    outsider.staff_profile  # noqa: B018 (load the role once, as authentication does)
    # The first read of a view (what the user may see) records it: two queries, once.
    client.get(CHANGES_URL, {"limit": 1})
    # 1: the fenced organisations hidden from the user; 2: their view; 3: the page (contacts
    # and horizon in one statement).
    with django_assert_num_queries(3):
        response = client.get(CHANGES_URL, {"limit": 1000})
    assert len(response.json()["results"]) == rows
    cursor = response.json()["next_cursor"]
    # 1: hidden organisations; 2: the view now and the cursor's; 3: the expiry watermark;
    # 4: the page.
    with django_assert_num_queries(4):
        client.get(CHANGES_URL, {"since": cursor})


def test_after_a_restore_into_a_new_cluster_old_cursors_get_410_and_resync_finds_everything(
    admin_user, api_client
):
    client = api_client(admin_user)
    contacts = _contacts(3)
    _, cursor = _initial_sync(client)
    # What a dump restored into a new cluster looks like: the rows (and the clients' cursors)
    # carry transaction ids far above the ones the new cluster hands out.
    old_cluster = 10**12
    Contact.objects.update(sync_txid=F("sync_txid") + old_cluster)
    before = sync.Cursor.decode(cursor)
    old_cursor = sync.Cursor(
        stamp=before.stamp + old_cluster, id=before.id, live_below=before.live_below + old_cluster
    ).encode()

    call_command("sync_reset_stamps", stdout=io.StringIO())

    response = client.get(CHANGES_URL, {"since": old_cursor})
    assert response.status_code == 410
    assert response.json()["code"] == "cursor_expired"
    rows, new_cursor = _initial_sync(client)
    assert sorted(r["id"] for r in rows) == sorted(c.pk for c in contacts)
    services.contact_update(contact=contacts[0], job_title="After the restore")
    wait_until_settled()
    rows, _ = read_feed(client, since=new_cursor)
    assert [r["id"] for r in rows] == [contacts[0].pk]
