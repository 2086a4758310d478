"""Each kind of row: matched without duplicates, written through the services with its real
dates, audited, stamped for the changes feed, fenced; and undone."""

import datetime as dt

import pytest
from django.utils import timezone

from exchange import services
from interventions.models import Commitment, Interaction, Issue
from stakeholders.models import Contact, Organisation, Relationship
from stakeholders.sync import contacts_changed_since
from tests import factories
from tests.exchange.conftest import csv_bytes
from tests.sync.conftest import wait_until_settled
from trust.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(user, kind, rows, **options):
    options.setdefault("dry_run", False)
    return services.import_create(
        user=user, kind=kind, file_name=f"{kind}.csv", content=csv_bytes(rows), **options
    )


def test_organisations_match_on_external_id_then_name_under_the_same_parent(owner):
    acme = factories.OrganisationFactory(name="Acme", external_id="erp:1")
    factories.OrganisationFactory(name="Logistics", parent=acme)
    batch = _run(
        owner,
        "organisations",
        [
            ["External ID", "Company", "Parent", "Website", "Key account"],
            ["erp:1", "Acme Group", "", "https://acme.example", "yes"],
            ["", "Logistics", "Acme Group", "", ""],
            ["", "Logistics", "", "", ""],
        ],
    )
    assert batch.counts == {"created": 1, "updated": 1, "unchanged": 1, "errors": 0}, batch.errors
    acme.refresh_from_db()
    assert acme.name == "Acme Group" and acme.is_key_account
    assert Organisation.objects.filter(name="Logistics", parent=None).count() == 1


def test_contacts_match_on_external_id_then_email_and_create_missing_organisations(owner):
    kept = factories.ContactFactory(email="ann@x.example", first_name="Ann", external_id=None)
    rows = [
        ["ID", "First name", "Email", "Company"],
        ["c1", "Annie", "ANN@x.example", "New Co"],
        ["c2", "Bob", "bob@x.example", "New Co"],
    ]
    refused = _run(owner, "contacts", rows)
    assert refused.status == "failed" and "tick" in refused.errors[0]["message"]
    batch = _run(owner, "contacts", rows, create_missing_organisations=True)
    assert batch.counts["created"] == 1 and batch.counts["updated"] == 1
    kept.refresh_from_db()
    assert kept.first_name == "Annie" and kept.external_id == "c1"
    assert Organisation.objects.filter(name="New Co").count() == 1
    services.import_undo(batch=batch, user=owner)
    kept.refresh_from_db()
    assert kept.first_name == "Ann" and kept.external_id is None
    assert not Organisation.objects.filter(name="New Co").exists()


# Committed, as the feed serves only what no open transaction can still change.
@pytest.mark.django_db(transaction=True)
def test_imported_contacts_reach_the_changes_feed_and_undo_sends_tombstones(owner):
    factories.OrganisationFactory(name="Acme")
    start = contacts_changed_since(user=owner, since=None, limit=100).next_cursor
    batch = _run(owner, "contacts", [["First name", "Organisation"], ["Ann", "Acme"]])
    wait_until_settled()
    page = contacts_changed_since(user=owner, since=start, limit=100)
    assert [row["first_name"] for row in page.rows] == ["Ann"]
    services.import_undo(batch=batch, user=owner)
    wait_until_settled()
    tombstones = contacts_changed_since(user=owner, since=page.next_cursor, limit=100).rows
    assert [row["deleted"] for row in tombstones] == [True]


def test_every_row_written_is_audited_as_the_import(owner):
    factories.OrganisationFactory(name="Acme")
    batch = _run(owner, "contacts", [["First name", "Organisation"], ["Ann", "Acme"]])
    event = AuditEvent.objects.get(model="stakeholders.contact", action="create")
    assert event.source == f"import:{batch.pk}" and event.actor == owner


def test_rows_behind_a_fence_the_importer_may_not_write_are_errors(outsider, fenced_contact):
    rows = [["Email", "First name", "Organisation"], [fenced_contact.email, "X", ""]]
    batch = _run(
        outsider,
        "contacts",
        [["External ID", "First name", "Organisation"], ["n", "New", "Fenced Corp"]],
    )
    assert batch.status == "failed" and "picket fence" in batch.errors[0]["message"]
    fenced_contact.email = "fiona@fenced.example"
    fenced_contact.save()
    rows[1][0] = fenced_contact.email
    assert "picket fence" in _run(outsider, "contacts", rows).errors[0]["message"]
    assert Contact.objects.count() == 1


def test_relationships_pair_our_people_with_their_contacts(owner, teammate):
    contact = factories.ContactFactory(email="ann@x.example")
    rows = [
        ["Staff", "Contact e-mail", "Tier", "Purpose"],
        ["teammate", "ann@x.example", "Executive", "Renewal"],
    ]
    batch = _run(owner, "relationships", rows)
    assert batch.counts["created"] == 1, batch.errors
    relationship = Relationship.objects.get()
    assert (relationship.staff, relationship.contact, relationship.tier) == (
        teammate,
        contact,
        "executive",
    )
    again = _run(owner, "relationships", rows)
    assert again.counts["unchanged"] == 1


def test_history_keeps_its_real_dates(owner):
    factories.OrganisationFactory(name="Acme")
    commitments = _run(
        owner,
        "commitments",
        [
            ["Organisation", "Promise", "Deadline", "Status", "Completed on"],
            ["Acme", "Send prices", "31/01/2025", "Kept", "30/01/2025"],
            ["Acme", "Visit plant", "2025-02-28", "missed", "2025-03-01"],
        ],
    )
    assert commitments.counts["created"] == 2, commitments.errors
    kept = Commitment.objects.get(description="Send prices")
    assert kept.status == "kept" and kept.closed_at.date() == dt.date(2025, 1, 30)
    assert kept.closed_at.date() <= kept.due_on
    issues = _run(
        owner,
        "issues",
        [
            ["Organisation", "Subject", "Type", "Raised on", "Resolved on"],
            ["Acme", "Late pallets", "Late delivery", "2025-01-02", "2025-01-09"],
        ],
    )
    issue = Issue.objects.get()
    assert issues.counts["created"] == 1 and issue.turnaround == dt.timedelta(days=7)
    interactions = _run(
        owner,
        "interactions",
        [["Date", "Organisation", "Subject"], ["2024-11-05 14:00", "Acme", "Review"]],
    )
    assert interactions.counts["created"] == 1
    assert Interaction.objects.get().occurred_at.date() == dt.date(2024, 11, 5)
    assert (
        _run(
            owner,
            "interactions",
            [["Date", "Organisation", "Subject"], ["2024-11-05 14:00", "Acme", "Review"]],
        ).counts["unchanged"]
        == 1
    )


def test_undo_refuses_and_lists_rows_changed_since(owner, teammate):
    factories.OrganisationFactory(name="Acme")
    batch = _run(
        owner, "contacts", [["First name", "Organisation"], ["Ann", "Acme"], ["Bob", "Acme"]]
    )
    bob = Contact.objects.get(first_name="Bob")
    bob.job_title = "CEO"
    bob.updated_at = timezone.now()
    bob.save()
    batch = services.import_undo(batch=batch, user=owner)
    assert batch.status == "undone"
    assert [r["label"] for r in batch.undo_refused] == ["Bob"]
    assert list(Contact.objects.live().values_list("first_name", flat=True)) == ["Bob"]
