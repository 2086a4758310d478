"""Undoing an import: what it created is removed (contacts as tombstones, so sync clients
learn of it), what it changed is put back, and a row changed by anyone since is left alone
and listed."""

from collections import defaultdict

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import F, ProtectedError
from django.utils import timezone

from exchange.models import ImportBatch, ImportedRow
from interventions import services as intervention_services
from interventions.models import Interaction
from stakeholders import services as stakeholder_services
from stakeholders.models import Contact, Organisation, Relationship
from stakeholders.sync.stamps import current_stamp
from stakeholders.sync.upsert import contacts_write
from trust import audit_context

# Rows that others point at go last: contacts before the organisations they belong to.
ORDER = [
    "interventions.commitment",
    "interventions.issue",
    "interventions.interaction",
    "stakeholders.relationship",
    "stakeholders.contact",
    "stakeholders.organisation",
]


def batch_undo(*, batch: ImportBatch, user) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.was_written:
        raise ValidationError("Only an import that changed data can be undone, and only once.")
    records = defaultdict(list)
    for record in ImportedRow.objects.filter(batch=batch).iterator(chunk_size=100):
        records[record.model] += [(pk, record) for pk in record.object_ids]
    refused: list[dict] = []
    now = timezone.now()
    created_organisations = {
        pk for pk, r in records["stakeholders.organisation"] if r.action == "created"
    }
    with audit_context.bind(source=f"import:{batch.pk}:undo", user=user):
        for label in sorted(records, key=ORDER.index):
            model = apps.get_model(label)
            removable, restorable = [], []
            for chunk in _chunks(records[label]):
                current = model._base_manager.in_bulk([pk for pk, _ in chunk])
                for pk, record in chunk:
                    obj = current.get(pk)
                    if obj is None:
                        continue
                    if obj.updated_at != record.written_at:
                        refused.append(_refusal(obj, "changed since the import"))
                    elif record.action == "created":
                        removable.append(obj)
                    else:
                        restorable.append((obj, record.before))
            if model is Contact:
                _contacts(removable, restorable, created_organisations, now)
            elif model is Interaction:
                refused += _interactions(batch, removable, restorable, now)
            else:
                refused += _others(model, removable, restorable, now)
    batch.status = ImportBatch.Status.UNDONE
    batch.undone_at = now
    batch.undo_refused = refused[: ImportBatch.MAX_ERRORS]
    batch.save(update_fields=["status", "undone_at", "undo_refused"])
    return batch


def _chunks(items: list, size: int = 2000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _refusal(obj, reason: str) -> dict:
    return {
        "model": obj._meta.verbose_name,
        "id": obj.pk,
        "label": str(obj)[:200],
        "reason": reason,
    }


def _restore(obj, before: dict) -> None:
    for attname, value in before.items():
        field = next(f for f in obj._meta.concrete_fields if f.attname == attname)
        setattr(obj, attname, field.to_python(value))


def _contacts(removable, restorable, created_organisations, now) -> None:
    if removable:
        # Tombstones, stamped for the changes feed; an organisation the import created and
        # undo removes no longer holds them.
        ids = [c.pk for c in removable]
        Contact.objects.filter(pk__in=ids).update(
            deleted_at=now, version=F("version") + 1, updated_at=now, sync_txid=current_stamp()
        )
        Contact.objects.filter(pk__in=ids, organisation_id__in=created_organisations).update(
            organisation=None
        )
    for contact, before in restorable:
        _restore(contact, before)
        contact.version += 1
        contact.updated_at = now
        contact.moving = "organisation_id" in before
    contacts_write(to_create=[], to_update=[c for c, _ in restorable])


def _others(model, removable, restorable, now) -> list[dict]:
    refused = []
    for obj in removable:
        try:
            if model is Organisation:
                stakeholder_services.organisation_delete(organisation=obj)
            else:
                obj.delete()
        except ProtectedError:
            refused.append(_refusal(obj, "other records refer to it now"))
    for obj, before in restorable:
        _restore(obj, before)
        obj.updated_at = now
        if hasattr(obj, "version"):
            obj.version += 1
        obj.save()
    return refused


def _interactions(batch, removable, restorable, now) -> list[dict]:
    """Interactions go, and the relationships between their participants are folded again
    from the interactions left: as if these had never been logged. A relationship this import
    created (its audit trail says so) that has no interaction left and that nobody else has
    touched goes too."""
    ids = [i.pk for i in removable]
    staff = defaultdict(set)
    for interaction_id, user_id in Interaction.staff.through.objects.filter(
        interaction_id__in=ids
    ).values_list("interaction_id", "user_id"):
        staff[interaction_id].add(user_id)
    pairs = {
        (user_id, contact_id)
        for interaction_id, contact_id in Interaction.contacts.through.objects.filter(
            interaction_id__in=ids
        ).values_list("interaction_id", "contact_id")
        for user_id in staff[interaction_id]
    }
    refused = _others(Interaction, removable, restorable, now)
    rels = intervention_services.relationships_refold(pairs=pairs)
    _drop_created_relationships(batch, [r for r in rels if r.interaction_count == 0])
    return refused


def _drop_created_relationships(batch, candidates: list) -> None:
    if not candidates:
        return
    AuditEvent = apps.get_model("trust", "AuditEvent")
    label = Relationship._meta.label_lower
    source = f"import:{batch.pk}"
    events = AuditEvent.objects.filter(
        model=label, object_id__in=[str(r.pk) for r in candidates]
    ).values_list("object_id", "source", "action")
    created, touched = set(), set()
    for object_id, event_source, action in events:
        if event_source == source and action == "create":
            created.add(object_id)
        elif event_source not in (source, f"{source}:undo"):
            touched.add(object_id)
    doomed = [r.pk for r in candidates if str(r.pk) in created - touched]
    if doomed:
        Relationship.objects.filter(pk__in=doomed).delete()
