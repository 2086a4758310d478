"""Bulk upserts leave the same audit trail as single writes: one event per changed contact."""

from stakeholders.models import Contact
from trust.models import AuditEvent


def test_bulk_upsert_records_who_changed_what(client, owner):
    client.force_login(owner)
    first = {"external_id": "crm:1", "first_name": "Ana", "email": "ana@x.io"}
    client.post("/api/v1/contacts/bulk/", {"contacts": [first]}, content_type="application/json")
    contact = Contact.objects.get(external_id="crm:1")
    client.post(
        "/api/v1/contacts/bulk/",
        {"contacts": [{**first, "email": "ana@costa.io"}]},
        content_type="application/json",
    )
    events = AuditEvent.objects.filter(model="stakeholders.contact", object_id=str(contact.pk))
    assert [e.action for e in events.order_by("id")] == ["create", "update"]
    update = events.get(action="update")
    assert update.changes == {"email": ["ana@x.io", "ana@costa.io"]}
    assert update.actor == owner and update.source.startswith("request:")
