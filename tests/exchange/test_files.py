"""Files as people really have them, imported through `manage.py import_data`: encodings,
separators, header names, dates, blank rows, duplicates; and files that are no spreadsheet."""

import datetime as dt
import io
import os

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange import services
from exchange.columns import guess_mapping, normalise
from exchange.kinds import contacts
from exchange.models import ImportBatch
from interventions.models import Interaction
from stakeholders.models import Contact, Organisation
from tests import factories
from tests.exchange.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def _import(tmp_path, data, kind="contacts", name="people.csv", *args):
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_data", str(path), "--kind", kind, "--as", "owner", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def acme(owner):
    return factories.OrganisationFactory(name="Acme Ltd")


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-8", True, ","),
        ("utf-8", False, ";"),
        ("cp1252", False, ";"),
        ("utf-8", False, "\t"),
    ],
)
def test_encodings_and_separators(tmp_path, acme, encoding, bom, delimiter):
    rows = [
        ["Prénom", "Surname", "E-Mail", "Organization"],
        ["Zoë", "Müller", "zoe@x.example", "ACME LTD"],
    ]
    rows[0][0] = "First Name"
    data = csv_bytes(rows, delimiter=delimiter, encoding=encoding, bom=bom)
    output = _import(tmp_path, data)
    assert "created 1" in output
    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name, contact.organisation) == ("Zoë", "Müller", acme)


def test_header_synonyms_and_a_full_name(tmp_path, acme):
    rows = [
        ["ID", "Name", "Email address", "Company", "Job-Title", "Mobile"],
        ["crm-1", "Ann Marie Lee", "Ann@X.example", "acme ltd", "Buyer", "+44 1"],
    ]
    _import(tmp_path, csv_bytes(rows))
    contact = Contact.objects.get()
    assert contact.external_id == "crm-1" and contact.first_name == "Ann"
    assert contact.last_name == "Marie Lee" and contact.email == "ann@x.example"
    assert contact.job_title == "Buyer" and contact.phone == "+44 1"


def test_headers_match_whatever_their_case_spaces_hyphens_and_underscores():
    headers = ["FIRST_NAME", "last-name", " E-mail ", "Given Name", "job title"]
    assert guess_mapping(headers, contacts.COLUMNS) == [
        "first_name",
        "last_name",
        "email",
        "",
        "job_title",
    ]
    assert normalise("Organisation_ID") == normalise("organisation id")


def test_blank_rows_are_skipped_and_duplicates_flagged(tmp_path, acme):
    rows = [
        ["First name", "Email"],
        ["Ann", "ann@x.example"],
        ["", ""],
        [],
        ["Annie", "ANN@x.example"],
    ]
    with pytest.raises(CommandError, match="Nothing was imported"):
        _import(tmp_path, csv_bytes(rows))
    batch = ImportBatch.objects.get()
    assert batch.rows == 2
    assert batch.errors == [{"row": 5, "column": "Email", "message": "Same email as row 2."}]
    assert Contact.objects.count() == 0


def test_an_excel_file_with_dates(tmp_path, owner, acme):
    rows = [
        ["Date", "Organisation", "Summary", "Kind"],
        [dt.datetime(2025, 3, 4, 10, 30), "Acme Ltd", "Real date cell", "Call"],
        ["05/04/2025", "Acme Ltd", "Day first", "meeting"],
        [45000, "Acme Ltd", "Excel serial", "Visit"],
        ["2025-06-01T09:00", "Acme Ltd", "ISO", "E-mail"],
    ]
    _import(tmp_path, xlsx_bytes(rows), "interactions", "log.xlsx")
    dates = {i.summary: i.occurred_at.date() for i in Interaction.objects.all()}
    assert dates == {
        "Real date cell": dt.date(2025, 3, 4),
        "Day first": dt.date(2025, 4, 5),
        "Excel serial": dt.date(2023, 3, 15),
        "ISO": dt.date(2025, 6, 1),
    }


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The file is empty."),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary data"),
        ("sheet.xlsx", b"PK\x03\x04 not really a zip", "cannot be opened as an Excel workbook"),
        ("blank.csv", b"\r\n\r\n", "no header row"),
        ("numbers.csv", b"1,2,3\n4,5,6\n", "No column gives First name or Full name"),
    ],
)
def test_files_that_are_no_spreadsheet_change_nothing(tmp_path, owner, name, data, message):
    with pytest.raises(CommandError, match=message):
        _import(tmp_path, data, name=name)
    assert Contact.objects.count() == 0


def test_fifty_megabytes_of_nonsense_are_refused(owner):
    nonsense = os.urandom(50 * 1024 * 1024 + 1)
    with pytest.raises(Exception, match="larger than 50 MB"):
        services.import_create(user=owner, kind="contacts", file_name="x.csv", content=nonsense)
    with pytest.raises(Exception, match="1001 columns"):
        services.import_create(
            user=owner, kind="contacts", file_name="x.csv", content=b"lorem;" * 1000 + b"\n"
        )
    text = (b"lorem ipsum dolor sit amet " * 40 + b"\n") * 20000
    batch = services.import_create(
        user=owner, kind="contacts", file_name="x.csv", content=text, inline=True
    )
    assert batch.status == "failed" and "No column gives" in batch.message
    assert ImportBatch.objects.count() == 1 and Contact.objects.count() == 0


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_refused_or_read_never_a_crash(data):
    owner = factories.UserFactory(username="fuzz", role="admin")
    try:
        batch = services.import_create(
            user=owner, kind="contacts", file_name="x.csv", content=data, dry_run=True
        )
    except Exception as exc:  # the one refusal allowed: a ValidationError saying why
        assert type(exc).__name__ == "ValidationError", exc
    else:
        assert batch.status in ("done", "failed")
    assert Contact.objects.count() == 0


def test_duplicates_are_flagged_across_chunks_of_the_file(owner, acme):
    # 2,500 rows: three chunks. Row 2,400 repeats row 3's e-mail, row 1,500 row 2's ID and row
    # 1,502's e-mail (the same chunk), row 2,501 row 1,001's ID.
    rows = [["ID", "First name", "Email", "Organisation"]]
    rows += [[f"x{i}", f"P{i}", f"p{i}@x.example", "Acme Ltd"] for i in range(2, 2502)]
    rows[2400 - 1][2] = "p3@x.example"
    rows[1500 - 1][0] = "x2"
    rows[1502 - 1][2] = rows[1500 - 1][2]
    rows[2501 - 1][0] = "x1001"
    batch = services.import_create(
        user=owner,
        kind="contacts",
        file_name="many.csv",
        content=csv_bytes(rows),
        dry_run=False,
        valid_rows_only=True,
        inline=True,
    )
    same = sorted((e["row"], e["message"]) for e in batch.errors if e["message"][:5] == "Same ")
    assert same == [
        (1500, "Same external id as row 2."),
        (1502, "Same email as row 1500."),
        (2400, "Same email as row 3."),
        (2501, "Same external id as row 1001."),
    ]
    assert batch.counts == {"created": 2496, "updated": 0, "unchanged": 0, "errors": 4}
    assert Contact.objects.count() == 2496


def test_organisations_forgotten_between_chunks_are_found_again_not_created_twice(
    owner, monkeypatch
):
    from exchange.kinds import base

    monkeypatch.setattr(base, "MAX_ORGANISATIONS_KEPT", 4)
    rows = [["First name", "Company"]]
    rows += [[f"P{i}", f"Firm {i % 7}"] for i in range(2500)]
    batch = services.import_create(
        user=owner,
        kind="contacts",
        file_name="firms.csv",
        content=csv_bytes(rows),
        dry_run=False,
        create_missing_organisations=True,
        inline=True,
    )
    assert batch.counts["created"] == 2500, batch.errors
    firms = Organisation.objects.filter(name__startswith="Firm ")
    assert firms.count() == 7
    assert {f.name: f.contacts.count() for f in firms} == {
        f"Firm {k}": len(range(k, 2500, 7)) for k in range(7)
    }
