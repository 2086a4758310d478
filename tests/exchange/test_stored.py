"""The worker reads an import's file from the database a slice at a time, CSV and Excel alike."""

import io

import pytest
from django.core.management import call_command

from exchange import services
from exchange.models import ImportBatch
from exchange.stored import StoredFile
from stakeholders.models import Contact
from tests import factories
from tests.exchange.conftest import csv_bytes, xlsx_bytes


@pytest.mark.django_db
def test_the_stored_file_reads_and_seeks_like_the_bytes(owner):
    data = bytes(range(256)) * 1200 + b"end"
    batch = ImportBatch.objects.create(
        created_by=owner, kind="contacts", file_name="x.csv", content=data
    )
    stream = StoredFile.open(batch.pk, slice_bytes=4096)
    assert stream.read(10) == data[:10]
    stream.seek(100_000)
    assert stream.read(70_000) == data[100_000:170_000]
    stream.seek(-3, io.SEEK_END)
    assert stream.read() == b"end" and stream.read() == b""
    stream.seek(0)
    assert stream.read() == data


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name,make", [("people.csv", csv_bytes), ("people.xlsx", xlsx_bytes)])
def test_the_worker_imports_a_file_it_reads_as_it_goes(owner, settings, name, make):
    settings.RELMAP_IMPORT_INLINE_BYTES = 10
    factories.OrganisationFactory(name="Acme")
    rows = [["ID", "First name", "Email", "Organisation"]]
    rows += [[f"w{i}", f"P{i}", f"p{i}@x.example", "Acme"] for i in range(1500)]
    rows.append(["w7", "Again", "again@x.example", "Acme"])
    batch = services.import_create(
        user=owner,
        kind="contacts",
        file_name=name,
        content=make(rows),
        dry_run=False,
        valid_rows_only=True,
    )
    assert batch.status == "queued"
    call_command("worker", "--batch")
    batch.refresh_from_db()
    assert batch.status == "done", batch.message
    assert batch.counts == {"created": 1500, "updated": 0, "unchanged": 0, "errors": 1}
    assert batch.errors[0]["message"] == "Same external id as row 9."
    assert batch.content is None
    assert Contact.objects.count() == 1500
