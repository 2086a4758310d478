"""Personal-data rights: everything Relmap holds about one contact, as JSON."""

from django.db import transaction

from interventions.models import Commitment, Interaction, Issue
from stakeholders.models import Assessment, Contact, Relationship
from trust import audit
from trust.models import AuditEvent

CONTACT_FIELDS = (
    "id", "external_id", "first_name", "last_name", "email", "phone", "job_title",
    "organisation_id", "seniority", "influence", "notes", "consent_marketing",
    "consent_recorded_at", "version", "created_at", "updated_at", "deleted_at",
)  # fmt: skip


def _rows(queryset, *fields):
    return list(queryset.values(*fields))


@transaction.atomic
def contact_export(*, contact: Contact) -> dict:
    """Everything about `contact`, including the interactions they took part in (audited)."""
    data = {
        "contact": {f: getattr(contact, f) for f in CONTACT_FIELDS},
        "organisation": str(contact.organisation) if contact.organisation_id else None,
        "relationships": _rows(
            Relationship.objects.filter(contact=contact),
            "id", "staff__username", "tier", "status", "purpose", "last_interaction_at", "strength",
        ),
        "interactions": _rows(
            Interaction.objects.filter(contacts=contact).order_by("occurred_at"),
            "id", "kind", "occurred_at", "organisation__name", "tier", "summary", "notes",
            "sentiment",
        ),
        "commitments": _rows(
            Commitment.objects.filter(interaction__contacts=contact).distinct(),
            "id", "description", "made_by", "due_on", "status",
        ),
        "issues": _rows(
            Issue.objects.filter(contact=contact),
            "id", "category", "severity", "summary", "description", "opened_at", "resolved_at",
        ),
        "assessments": _rows(
            Assessment.objects.filter(respondent=contact),
            "id", "side", "trust", "openness", "transparency", "appropriateness", "longevity",
            "stage", "nps", "comment", "requested_at", "assessed_at",
        ),
        "history": _rows(
            AuditEvent.objects.filter(model="stakeholders.contact", object_id=str(contact.pk)),
            "at", "actor_name", "source", "action", "changes",
        ),
    }  # fmt: skip
    audit.record(Contact, [(contact.pk, "export", {})])
    return data
