import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from interventions import services as intervention_services
from stakeholders import services
from stakeholders.models import Contact, Relationship
from tests import factories
from trust import audit_context
from trust.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]


def events_for(obj):
    return list(
        AuditEvent.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
    )


def test_a_service_write_records_what_changed_before_and_after(owner):
    with audit_context.bind(user=owner, source="request:abc"):
        contact = services.contact_create(first_name="Ana", last_name="Costa", email="ana@x.io")
        services.contact_update(contact=contact, email="ana@costa.io", job_title="Buyer")
    created, changed = events_for(contact)
    assert (created.action, created.actor, created.source) == ("create", owner, "request:abc")
    assert created.changes["first_name"] == [None, "Ana"]
    assert changed.action == "update"
    assert changed.changes == {"email": ["ana@x.io", "ana@costa.io"], "job_title": ["", "Buyer"]}


def test_an_unchanged_save_records_nothing(db):
    contact = services.contact_create(first_name="Ana")
    contact.refresh_from_db()
    contact.save()
    assert len(events_for(contact)) == 1


def test_bulk_writes_are_audited_row_by_row(db):
    org = factories.OrganisationFactory()
    contacts = Contact.objects.bulk_create(
        [Contact(first_name=f"C{i}", organisation=org) for i in range(3)]
    )
    assert AuditEvent.objects.filter(model="stakeholders.contact", action="create").count() == 3
    for c in contacts:
        c.job_title = "Buyer"
    Contact.objects.bulk_update(contacts, ["job_title"])
    updates = AuditEvent.objects.filter(model="stakeholders.contact", action="update")
    assert updates.count() == 3
    assert updates.first().changes == {"job_title": ["", "Buyer"]}


def test_queryset_updates_and_deletes_are_audited(db):
    contact = factories.ContactFactory(job_title="Buyer")
    Contact.objects.filter(pk=contact.pk).update(job_title="Planner")
    assert events_for(contact)[-1].changes == {"job_title": ["Buyer", "Planner"]}
    Contact.objects.filter(pk=contact.pk).delete()
    assert events_for(contact)[-1].action == "delete"


def test_computed_relationship_aggregates_are_not_audit_noise(owner):
    org = factories.OrganisationFactory()
    contact = factories.ContactFactory(organisation=org)
    intervention_services.interaction_log(
        logged_by=owner, organisation=org, summary="Call", contacts=[contact]
    )
    rel = Relationship.objects.get()
    before = len(events_for(rel))
    intervention_services.interaction_log(
        logged_by=owner, organisation=org, summary="Call 2", contacts=[contact]
    )
    assert len(events_for(rel)) == before


def test_writes_through_a_page_carry_the_user_and_request_id(client, admin_user):
    client.force_login(admin_user)
    org = factories.OrganisationFactory()
    response = client.post(
        reverse("admin:stakeholders_contact_add"),
        {"first_name": "Ana", "organisation": org.pk, "seniority": "operational"},
        HTTP_X_REQUEST_ID="req-42",
    )
    assert response["X-Request-ID"] == "req-42"
    event = AuditEvent.objects.get(model="stakeholders.contact", action="create")
    assert (event.actor, event.source) == (admin_user, "request:req-42")


def test_a_bad_request_id_is_replaced(client, owner):
    client.force_login(owner)
    response = client.get("/", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] != "bad id with spaces" and len(response["X-Request-ID"]) == 32


def test_history_lists_an_objects_events(db):
    contact = services.contact_create(first_name="Ana")
    services.contact_update(contact=contact, first_name="Anna")
    assert [e.action for e in contact.history()] == ["update", "create"]


def test_management_commands_are_audited_as_their_source(tmp_path):
    db = tmp_path / "audit.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "x"}
    for args in (["migrate", "-v0"], ["createuser", "zoe", "--role", "analyst"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    rows = (
        sqlite3.connect(db)
        .execute(
            f"SELECT source, action FROM {AuditEvent._meta.db_table} "
            "WHERE model = 'stakeholders.staffprofile'"
        )
        .fetchall()
    )
    assert rows == [("command:createuser", "create")]


def test_timestamps_alone_are_not_changes(db):
    contact = services.contact_create(first_name="Ana")
    Contact.objects.filter(pk=contact.pk).update(updated_at=timezone.now())
    assert len(events_for(contact)) == 1
