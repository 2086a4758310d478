"""The import pages: upload, preview with the column mapping, import, summary, undo."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from exchange.models import ImportBatch
from stakeholders.models import Contact
from tests import factories
from tests.exchange.conftest import csv_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    ["Given name", "Surname", "E-mail address", "Company", "Position"],
    ["Ann", "Lee", "ann@acme.example", "Acme", "Buyer"],
    ["Bob", "Ray", "bob@acme.example", "Acme", "CEO"],
]


@pytest.fixture
def browser(owner):
    client = Client()
    client.force_login(owner)
    return client


def _preview(browser, upload, rows=ROWS, **options):
    response = browser.post(
        "/imports/new/",
        {"file": upload("people.csv", csv_bytes(rows)), "kind": "contacts", **options},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.get(), response["Location"]


def test_preview_shows_each_rows_outcome_and_changes_nothing(browser, upload):
    factories.OrganisationFactory(name="Acme")
    batch, url = _preview(browser, upload)
    page = browser.get(url).content.decode()
    assert "What would happen" in page and "Ann Lee" in page and "Created" in page
    assert 'name="column_2"' in page and "E-mail" in page
    assert Contact.objects.count() == 0
    assert batch.dry_run and batch.counts["created"] == 2


def test_import_then_undo(browser, upload):
    factories.OrganisationFactory(name="Acme")
    batch, url = _preview(browser, upload)
    assert browser.post(f"/imports/{batch.pk}/run/").status_code == 302
    assert Contact.objects.live().count() == 2
    page = browser.get(url).content.decode()
    assert "Undo import" in page
    browser.post(f"/imports/{batch.pk}/undo/")
    assert Contact.objects.live().count() == 0
    assert "Undone" in browser.get(url).content.decode()


def test_a_bad_file_is_refused_with_a_clear_message(browser, upload):
    response = browser.post(
        "/imports/new/", {"file": upload("x.csv", b"\x00\x01\x02binary"), "kind": "contacts"}
    )
    assert response.status_code == 400
    assert "binary data" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_changing_the_mapping_checks_again(browser, upload):
    factories.OrganisationFactory(name="Acme")
    batch, url = _preview(browser, upload)
    mapping = {f"column_{i}": f for i, f in enumerate(batch.mapping)}
    mapping["column_4"] = ""  # Position left out
    response = browser.post(f"/imports/{batch.pk}/columns/", mapping)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping[4] == "" and batch.counts["created"] == 2
    browser.post(f"/imports/{batch.pk}/run/")
    assert set(Contact.objects.values_list("job_title", flat=True)) == {""}


def test_others_imports_are_not_found(upload, browser, outsider):
    batch, url = _preview(browser, upload)
    other = Client()
    other.force_login(outsider)
    assert other.get(url).status_code == 404
    assert other.post(f"/imports/{batch.pk}/undo/").status_code == 404


def test_the_imports_page_costs_the_same_queries_at_any_length(browser, owner):
    counts, made = [], 0
    for size in (1, 10, 100):
        ImportBatch.objects.bulk_create(
            ImportBatch(created_by=owner, kind="contacts", file_name=f"{i}.csv", status="done")
            for i in range(size - made)
        )
        made = size
        with CaptureQueriesContext(connection) as queries:
            assert browser.get("/imports/").status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
