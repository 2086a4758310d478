"""Contacts: created, changed, deleted as tombstones for sync clients, and erased."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stakeholders.models import (
    Contact,
)
from stakeholders.services.fields import apply_fields
from stakeholders.sync.stamps import current_stamp
from trust import audit
from trust.idempotency import idempotency_responses_withhold
from trust.models import AuditEvent

User = get_user_model()


CONTACT_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "organisation",
        "seniority",
        "influence",
        "notes",
        "consent_marketing",
        "external_id",
    }
)


@transaction.atomic
def contact_create(*, first_name: str, **fields) -> Contact:
    contact = Contact(first_name=first_name)
    apply_fields(contact, fields, CONTACT_FIELDS)
    if contact.consent_marketing:
        contact.consent_recorded_at = timezone.now()
    contact.full_clean(validate_constraints=False)
    _check_external_id_free(contact)
    contact.sync_txid = current_stamp()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, **fields) -> Contact:
    if contact.is_deleted:
        raise ValidationError("A deleted contact cannot be changed.")
    changed = apply_fields(contact, fields, CONTACT_FIELDS)
    if not changed:
        return contact
    if "consent_marketing" in changed:
        contact.consent_recorded_at = timezone.now()
    contact.full_clean(validate_constraints=False)
    if "external_id" in changed:
        _check_external_id_free(contact)
    contact.version += 1
    contact.updated_at = timezone.now()
    contact.sync_txid = current_stamp()
    if "organisation" in changed:
        contact.moved_stamp = contact.sync_txid
    contact.save()
    return contact


def _check_external_id_free(contact: Contact) -> None:
    if contact.external_id is None:
        return
    clash = Contact.objects.live().filter(external_id=contact.external_id)
    if contact.pk:
        clash = clash.exclude(pk=contact.pk)
    if clash.exists():
        raise ValidationError({"external_id": "A live contact already has this external id."})


@transaction.atomic
def contact_delete(*, contact: Contact) -> Contact:
    """Soft-delete: the row stays as a tombstone so sync clients learn of the deletion."""
    if contact.is_deleted:
        return contact
    now = timezone.now()
    contact.deleted_at = now
    contact.version += 1
    contact.updated_at = now
    contact.sync_txid = current_stamp()
    contact.save(update_fields=["deleted_at", "version", "updated_at", "sync_txid"])
    return contact


PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone", "job_title", "notes")
ERASED = "[erased]"


@transaction.atomic
def contact_erase(*, contact: Contact) -> Contact:
    """Erase a person's data: from the live row and from the audit history.

    The row stays as a tombstone (so sync clients learn the contact is gone, and the scorecard
    keeps its counts of interactions and relationships); its personal fields are blanked, and
    every value of those fields in the audit trail is replaced, and responses kept for
    Idempotency-Key replays that quote them are withheld. The erasure itself is audited by field
    name only, so the erased data is not stored again.
    """
    if not contact.is_deleted:
        contact = contact_delete(contact=contact)
    # Responses kept for Idempotency-Key replays may quote the person: withhold them.
    idempotency_responses_withhold(values=[getattr(contact, f) for f in PERSONAL_FIELDS])
    Contact.objects.filter(pk=contact.pk).update(
        first_name=ERASED,
        last_name="",
        email="",
        phone="",
        job_title="",
        notes="",
        consent_marketing=False,
        consent_recorded_at=None,
    )
    events = AuditEvent.objects.filter(model=Contact._meta.label_lower, object_id=str(contact.pk))
    for event in events:
        event.changes = {
            name: ([ERASED, ERASED] if name in PERSONAL_FIELDS else values)
            for name, values in event.changes.items()
        }
    AuditEvent.objects.bulk_update(events, ["changes"])
    audit.record(Contact, [(contact.pk, "erase", {"fields": list(PERSONAL_FIELDS)})])
    contact.refresh_from_db()
    return contact
