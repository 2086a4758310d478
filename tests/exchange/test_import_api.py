"""POST /api/v1/imports/ (multipart), its outcome, and undo."""

import pytest
from django.core.management import call_command

from exchange.models import ImportBatch
from stakeholders.models import Contact
from tests import factories
from tests.exchange.conftest import csv_bytes

pytestmark = pytest.mark.django_db

FILE = [
    ["First name", "Last name", "Email", "Organisation"],
    ["Ann", "Lee", "ann@a.example", "Acme"],
]


def _post(client, upload, data=FILE, **fields):
    return client.post(
        "/api/v1/imports/",
        {"file": upload("c.csv", csv_bytes(data)), "kind": "contacts", **fields},
        format="multipart",
    )


def test_a_dry_run_answers_the_counts_and_changes_nothing(client_for, owner, upload):
    factories.OrganisationFactory(name="Acme")
    response = _post(client_for(owner), upload, dry_run="true")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "done" and body["dry_run"] is True and body["rows"] == 1
    assert body["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "errors": 0}
    assert Contact.objects.count() == 0


def test_an_import_with_errors_is_all_or_nothing(client_for, owner, upload):
    factories.OrganisationFactory(name="Acme")
    rows = [*FILE, ["Bob", "Ray", "not an email", "Acme"]]
    body = _post(client_for(owner), upload, rows).json()
    assert body["status"] == "failed" and body["counts"]["errors"] == 1
    assert body["errors"] == [
        {"row": 3, "column": "Email", "message": "Enter a valid email address."}
    ]
    assert Contact.objects.count() == 0
    body = _post(client_for(owner), upload, rows, valid_rows_only="true").json()
    assert body["status"] == "done" and body["counts"]["created"] == 1
    assert Contact.objects.count() == 1


def test_undo_through_the_api(client_for, owner, upload):
    factories.OrganisationFactory(name="Acme")
    client = client_for(owner)
    created = _post(client, upload).json()
    assert client.get(f"/api/v1/imports/{created['id']}/").json()["status"] == "done"
    undone = client.post(f"/api/v1/imports/{created['id']}/undo/")
    assert undone.status_code == 200 and undone.json()["status"] == "undone"
    assert client.post(f"/api/v1/imports/{created['id']}/undo/").status_code == 409
    assert Contact.objects.live().count() == 0


def test_bad_input_is_a_400(client_for, owner, upload):
    client = client_for(owner)
    assert _post(client, upload, kind="planets").status_code == 400
    empty = client.post(
        "/api/v1/imports/", {"file": upload("e.csv", b""), "kind": "contacts"}, format="multipart"
    )
    assert empty.status_code == 400
    assert client.post("/api/v1/imports/", {"kind": "contacts"}, format="json").status_code == 415
    assert ImportBatch.objects.count() == 0


def test_others_imports_are_404(client_for, owner, outsider, upload):
    factories.OrganisationFactory(name="Acme")
    created = _post(client_for(owner), upload).json()
    other = client_for(outsider)
    assert other.get(f"/api/v1/imports/{created['id']}/").status_code == 404
    assert other.post(f"/api/v1/imports/{created['id']}/undo/").status_code == 404
    assert other.get("/api/v1/imports/").json()["count"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_big_file_runs_in_the_background(client_for, owner, upload, settings):
    settings.RELMAP_IMPORT_INLINE_BYTES = 10
    factories.OrganisationFactory(name="Acme")
    created = _post(client_for(owner), upload).json()
    assert created["status"] == "queued" and Contact.objects.count() == 0
    call_command("worker", "--batch")
    batch = client_for(owner).get(f"/api/v1/imports/{created['id']}/").json()
    assert batch["status"] == "done" and batch["progress"] == 1
    assert Contact.objects.count() == 1


def _batches(user, n):
    ImportBatch.objects.bulk_create(
        ImportBatch(created_by=user, kind="contacts", file_name=f"{i}.csv", status="done")
        for i in range(n)
    )


def test_the_list_of_imports_costs_the_same_queries_at_any_length(
    client_for, owner, django_assert_num_queries
):
    client = client_for(owner)
    client.get("/api/v1/imports/")
    made = 0
    for size in (1, 10, 100):
        _batches(owner, size - made)
        made = size
        # The token with its user, the COUNT and the page.
        with django_assert_num_queries(3):
            response = client.get("/api/v1/imports/?page_size=1000")
        assert response.json()["count"] == size
