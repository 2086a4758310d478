"""POST /api/v1/contacts/bulk/: statuses, atomic batches, limits, conflicts, fences, queries."""

import pytest

from stakeholders import services
from stakeholders.models import Contact
from tests import factories
from tests.sync.conftest import BULK_URL

pytestmark = pytest.mark.django_db


def _post(client, items, **params):
    query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    return client.post(BULK_URL + query, {"contacts": items}, format="json")


def test_every_status_comes_back_in_request_order(admin_user, api_client):
    org = factories.OrganisationFactory()
    same = services.contact_create(first_name="Same", external_id="erp:same", organisation=org)
    edit = services.contact_create(first_name="Edit", external_id="erp:edit")
    stale = services.contact_create(first_name="Stale", external_id="erp:stale")
    services.contact_update(contact=stale, job_title="Moved on")

    response = _post(
        api_client(admin_user),
        [
            {"external_id": "erp:new", "first_name": "New", "organisation": org.pk},
            {"external_id": "erp:same", "first_name": "Same", "organisation": org.pk},
            {"external_id": "erp:edit", "job_title": "Buyer"},
            {"external_id": "erp:stale", "job_title": "Old news", "version": 1},
            {"external_id": "erp:bad", "first_name": "Bad", "influence": 9},
        ],
    )

    assert response.status_code == 200
    body = response.json()
    assert [(r["external_id"], r["status"]) for r in body["results"]] == [
        ("erp:new", "created"),
        ("erp:same", "unchanged"),
        ("erp:edit", "updated"),
        ("erp:stale", "conflict"),
        ("erp:bad", "error"),
    ]
    assert {k: body[k] for k in ("created", "updated", "unchanged", "conflicts", "errors")} == {
        "created": 1,
        "updated": 1,
        "unchanged": 1,
        "conflicts": 1,
        "errors": 1,
    }
    new, unchanged, updated, conflict, error = body["results"]
    created = Contact.objects.get(external_id="erp:new")
    assert (new["id"], new["version"], new["errors"]) == (created.pk, 1, {})
    assert (unchanged["id"], unchanged["version"]) == (same.pk, 1)
    assert (updated["id"], updated["version"]) == (edit.pk, 2)
    edit.refresh_from_db()
    assert (edit.job_title, edit.version) == ("Buyer", 2)
    assert (conflict["id"], conflict["version"]) == (stale.pk, 2)
    stale.refresh_from_db()
    assert stale.job_title == "Moved on"
    assert "influence" in error["errors"]
    assert error["id"] is None
    assert not Contact.objects.filter(external_id="erp:bad").exists()


def test_matching_version_is_applied(admin_user, api_client):
    contact = services.contact_create(first_name="Vera", external_id="erp:v")
    response = _post(
        api_client(admin_user), [{"external_id": "erp:v", "last_name": "Ok", "version": 1}]
    )
    assert response.json()["results"][0]["status"] == "updated"
    contact.refresh_from_db()
    assert (contact.last_name, contact.version) == ("Ok", 2)


def test_a_version_for_an_unknown_external_id_is_a_conflict(admin_user, api_client):
    response = _post(
        api_client(admin_user), [{"external_id": "erp:gone", "first_name": "G", "version": 3}]
    )
    [result] = response.json()["results"]
    assert (result["status"], result["id"], result["version"]) == ("conflict", None, None)


def test_deleted_contacts_do_not_match_so_the_external_id_is_created_again(admin_user, api_client):
    old = services.contact_create(first_name="Old", external_id="erp:re")
    services.contact_delete(contact=old)
    response = _post(api_client(admin_user), [{"external_id": "erp:re", "first_name": "Back"}])
    [result] = response.json()["results"]
    assert result["status"] == "created"
    assert result["id"] != old.pk


def test_duplicate_external_ids_are_both_errors(admin_user, api_client):
    response = _post(
        api_client(admin_user),
        [
            {"external_id": "erp:1", "first_name": "One"},
            {"external_id": "erp:dup", "first_name": "A"},
            {"external_id": "erp:dup", "first_name": "B"},
        ],
    )
    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses == ["created", "error", "error"]
    assert "external_id" in response.json()["results"][1]["errors"]
    assert not Contact.objects.filter(external_id="erp:dup").exists()


def test_atomic_batch_with_a_failure_saves_nothing_and_is_400(admin_user, api_client):
    edit = services.contact_create(first_name="Edit", external_id="erp:edit")
    response = _post(
        api_client(admin_user),
        [
            {"external_id": "erp:new", "first_name": "New"},
            {"external_id": "erp:edit", "job_title": "Buyer"},
            {"external_id": "erp:bad", "first_name": ""},
        ],
        atomic="true",
    )
    assert response.status_code == 400
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "updated", "error"]
    assert results[0]["id"] is None
    assert results[1]["version"] == 1
    assert "first_name" in results[2]["errors"]
    assert not Contact.objects.filter(external_id="erp:new").exists()
    edit.refresh_from_db()
    assert (edit.job_title, edit.version) == ("", 1)


def test_atomic_batch_with_a_conflict_saves_nothing(admin_user, api_client):
    services.contact_create(first_name="V", external_id="erp:v")
    response = _post(
        api_client(admin_user),
        [
            {"external_id": "erp:new", "first_name": "New"},
            {"external_id": "erp:v", "job_title": "x", "version": 7},
        ],
        atomic="true",
    )
    assert response.status_code == 400
    assert response.json()["conflicts"] == 1
    assert not Contact.objects.filter(external_id="erp:new").exists()


def test_atomic_batch_without_failures_is_saved(admin_user, api_client):
    response = _post(
        api_client(admin_user),
        [{"external_id": f"erp:{i}", "first_name": f"P{i}"} for i in range(3)],
        atomic="true",
    )
    assert response.status_code == 200
    assert response.json()["created"] == 3
    assert Contact.objects.count() == 3


def test_more_than_1000_items_is_413(admin_user, api_client):
    items = [{"external_id": f"erp:{i}", "first_name": "P"} for i in range(1001)]
    response = _post(api_client(admin_user), items)
    assert response.status_code == 413
    assert response.json()["code"] == "batch_too_large"
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("key", [None, "big-1"])
def test_a_body_over_the_upload_limit_is_413(key, admin_user, api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    items = [{"external_id": f"e{i}", "first_name": "x", "notes": "n" * 100} for i in range(100)]
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    response = api_client(admin_user).post(BULK_URL, {"contacts": items}, format="json", **headers)
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [{"contacts": []}, {}, {"contacts": "x"}, {"contacts": {"external_id": "a"}}, [1, 2]],
)
def test_empty_or_malformed_batches_are_400(body, admin_user, api_client):
    response = api_client(admin_user).post(BULK_URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_batch"


def test_invalid_json_is_400(admin_user, api_client):
    response = api_client(admin_user).post(BULK_URL, "{nope", content_type="application/json")
    assert response.status_code == 400


def test_bad_atomic_flag_is_400(admin_user, api_client):
    response = _post(api_client(admin_user), [{"external_id": "a", "first_name": "A"}], atomic="x")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ("not an object", "non_field_errors"),
        ({"first_name": "No id"}, "external_id"),
        ({"external_id": "", "first_name": "Empty id"}, "external_id"),
        ({"external_id": 12, "first_name": "Number id"}, "external_id"),
        ({"external_id": "x" * 256, "first_name": "Long id"}, "external_id"),
        ({"external_id": "e", "first_name": 5}, "first_name"),
        ({"external_id": "e", "first_name": "E", "email": "not-an-email"}, "email"),
        ({"external_id": "e", "first_name": "E", "seniority": "intern"}, "seniority"),
        ({"external_id": "e", "first_name": "E", "consent_marketing": "yes"}, "consent_marketing"),
        ({"external_id": "e", "first_name": "E", "organisation": 999999}, "organisation"),
        ({"external_id": "e", "first_name": "E", "organisation": "acme"}, "organisation"),
        ({"external_id": "e", "first_name": "E", "version": 0}, "version"),
        ({"external_id": "e", "first_name": "E", "shoe_size": 44}, "shoe_size"),
        ({"external_id": "e", "first_name": "E", "organisation": 10**30}, "organisation"),
        ({"external_id": "e", "first_name": "E", "organisation": "²"}, "organisation"),
        ({"external_id": "e", "first_name": "E", "influence": 10**30}, "influence"),
        ({"external_id": "e", "first_name": "Nul\x00"}, "first_name"),
        ({"external_id": "nul\x00", "first_name": "E"}, "external_id"),
    ],
)
def test_invalid_items_are_errors_with_field_messages(item, field, admin_user, api_client):
    response = _post(api_client(admin_user), [item, {"external_id": "ok", "first_name": "Ok"}])
    assert response.status_code == 200
    bad, good = response.json()["results"]
    assert bad["status"] == "error"
    assert field in bad["errors"]
    assert good["status"] == "created"


def test_read_only_fields_from_the_feed_are_ignored(admin_user, api_client):
    contact = services.contact_create(first_name="Echo", external_id="erp:echo")
    response = _post(
        api_client(admin_user),
        [
            {
                "external_id": "erp:echo",
                "id": 424242,
                "first_name": "Echo",
                "deleted": False,
                "created_at": "2020-01-01T00:00:00Z",
                "updated_at": "2020-01-01T00:00:00Z",
                "version": 1,
            }
        ],
    )
    [result] = response.json()["results"]
    assert (result["status"], result["id"]) == ("unchanged", contact.pk)


def test_marketing_consent_records_when(admin_user, api_client):
    _post(
        api_client(admin_user),
        [{"external_id": "erp:c", "first_name": "C", "consent_marketing": True}],
    )
    assert Contact.objects.get(external_id="erp:c").consent_recorded_at is not None


def test_outsider_cannot_write_behind_a_fence(fenced_org, fenced_contact, outsider, api_client):
    services.contact_update(contact=fenced_contact, external_id="erp:fenced")
    response = _post(
        api_client(outsider),
        [
            {"external_id": "erp:in", "first_name": "In", "organisation": fenced_org.pk},
            {"external_id": "erp:fenced", "job_title": "Spy"},
            {"external_id": "erp:open", "first_name": "Open"},
        ],
    )
    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses == ["error", "error", "created"]
    assert response.json()["results"][1]["id"] is None
    fenced_contact.refresh_from_db()
    assert fenced_contact.job_title == ""


def test_teammate_writes_behind_the_fence(fenced_org, teammate, api_client):
    division = factories.OrganisationFactory(parent=fenced_org)
    response = _post(
        api_client(teammate),
        [{"external_id": "erp:div", "first_name": "D", "organisation": division.pk}],
    )
    assert response.json()["results"][0]["status"] == "created"


def test_anonymous_is_refused(client):
    response = client.post(
        BULK_URL, {"contacts": [{"external_id": "a"}]}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("n", [1, 10, 100])
def test_a_batch_costs_a_constant_number_of_queries(
    n, outsider, api_client, django_assert_num_queries
):
    client = api_client(outsider)
    org = factories.OrganisationFactory()
    outsider.staff_profile  # noqa: B018 (load the role once, as authentication does)
    items = [
        {"external_id": f"erp:{i}", "first_name": f"P{i}", "organisation": org.pk} for i in range(n)
    ]
    # savepoint, fenced roots, organisations, matching contacts, stamp, INSERT, the audit
    # trail's INSERT, release.
    with django_assert_num_queries(8):
        created = _post(client, items)
    assert created.json()["created"] == n
    for item in items:
        item["job_title"] = "Updated"
    # savepoint, fenced roots, organisations, matching contacts, stamp, UPDATE, the audit
    # trail's INSERT, release.
    with django_assert_num_queries(8):
        updated = _post(client, items)
    assert updated.json()["updated"] == n
