"""Logging interactions, and changing or deleting one afterwards."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.writes import validated_save
from interventions.models import Commitment, Interaction, Intervention
from interventions.services.checks import (
    check_contacts_belong,
    default_tier,
    refuse_changes,
    require_write,
)
from interventions.services.commitments import commitment_record
from stakeholders import services as stakeholder_services
from stakeholders.models import Contact, Organisation


@dataclass(frozen=True)
class CommitmentDraft:
    description: str
    due_on: date
    made_by: str = Commitment.MadeBy.OURS
    owner: object = None


@transaction.atomic
def interaction_log(
    *,
    logged_by,
    organisation: Organisation,
    summary: str,
    kind: str = Interaction.Kind.MEETING,
    occurred_at: datetime | None = None,
    contacts: Sequence[Contact] = (),
    staff: Sequence | None = None,
    tier: str | None = None,
    sentiment: int | None = 0,
    notes: str = "",
    intervention: Intervention | None = None,
    external_id: str | None = None,
    commitments: Iterable[CommitmentDraft] = (),
) -> Interaction:
    """Log a touch point and fold it into the relationships between its participants."""
    require_write(logged_by, organisation)
    contacts = list(contacts)
    check_contacts_belong(contacts, organisation)
    interaction = interaction_record(
        logged_by=logged_by,
        organisation=organisation,
        summary=summary,
        kind=kind,
        occurred_at=occurred_at,
        contacts=contacts,
        staff=list(staff) if staff else [logged_by],
        tier=tier,
        sentiment=sentiment,
        notes=notes,
        intervention=intervention,
        external_id=external_id,
    )
    for draft in commitments:
        commitment_record(
            recorded_by=logged_by,
            organisation=organisation,
            interaction=interaction,
            description=draft.description,
            due_on=draft.due_on,
            made_by=draft.made_by,
            owner=draft.owner or (logged_by if draft.made_by == Commitment.MadeBy.OURS else None),
        )
    return interaction


def interaction_record(
    *,
    logged_by,
    organisation: Organisation,
    summary: str,
    kind: str,
    occurred_at: datetime | None,
    contacts: Sequence[Contact],
    staff: Sequence,
    tier: str | None = None,
    sentiment: int | None = None,
    notes: str = "",
    intervention: Intervention | None = None,
    external_id: str | None = None,
    outside_fence: bool = False,
) -> Interaction:
    """Save an interaction that happened and fold it into its participants' relationships.

    No permission is checked here: `interaction_log` checks the person logging; capture
    records what mail and calendars show happened, fence breaches included. Relationships
    fold an empty sentiment as neutral.
    """
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": "An interaction cannot be logged in the future."})
    interaction = Interaction(
        kind=kind,
        occurred_at=occurred_at,
        organisation=organisation,
        tier=tier or default_tier(contacts),
        summary=summary,
        notes=notes,
        sentiment=sentiment,
        intervention=intervention,
        logged_by=logged_by,
        external_id=external_id,
        outside_fence=outside_fence,
    )
    interaction.full_clean()
    interaction.save()
    interaction.contacts.set(contacts)
    interaction.staff.set(staff)
    stakeholder_services.relationships_record_interaction(
        staff_ids=[u.pk for u in staff],
        contact_ids=[c.pk for c in contacts],
        occurred_at=occurred_at,
        tier=interaction.tier,
        sentiment=sentiment or 0,
    )
    return interaction


@dataclass
class InteractionDraft:
    """An interaction that happened, to record in bulk (`interactions_record_many`)."""

    organisation: Organisation
    kind: str
    occurred_at: datetime
    summary: str
    contacts: Sequence[Contact]
    staff: Sequence
    logged_by: object = None
    tier: str | None = None
    sentiment: int | None = None
    outside_fence: bool = False


@transaction.atomic
def interactions_record_many(drafts: Sequence[InteractionDraft]) -> list[Interaction]:
    """`interaction_record` for many at once (capture's chunks): the interactions, their
    participants and the relationships they fold into, in a constant number of queries. No
    permission is checked (see `interaction_record`); the drafts are trusted to be valid
    (their contacts at their organisation, not in the future)."""
    drafts = list(drafts)
    if not drafts:
        return []
    made = Interaction.objects.bulk_create(
        Interaction(
            kind=d.kind,
            occurred_at=d.occurred_at,
            organisation=d.organisation,
            tier=d.tier or default_tier(d.contacts),
            summary=d.summary[:300],
            sentiment=d.sentiment,
            logged_by=d.logged_by,
            outside_fence=d.outside_fence,
        )
        for d in drafts
    )
    Interaction.contacts.through.objects.bulk_create(
        Interaction.contacts.through(interaction_id=i.pk, contact_id=c.pk)
        for i, d in zip(made, drafts, strict=True)
        for c in {c.pk: c for c in d.contacts}.values()
    )
    Interaction.staff.through.objects.bulk_create(
        Interaction.staff.through(interaction_id=i.pk, user_id=u.pk)
        for i, d in zip(made, drafts, strict=True)
        for u in {u.pk: u for u in d.staff}.values()
    )
    stakeholder_services.relationships_record_interactions(
        stakeholder_services.Folded(
            tuple(u.pk for u in d.staff),
            tuple(c.pk for c in d.contacts),
            i.occurred_at,
            i.tier,
            d.sentiment or 0,
        )
        for i, d in zip(made, drafts, strict=True)
    )
    return made


# What was folded into the relationships' strength cannot be rewritten afterwards.
INTERACTION_FOLDED_FIELDS = (
    "organisation",
    "contacts",
    "staff",
    "tier",
    "sentiment",
    "occurred_at",
)


@transaction.atomic
def interaction_update(*, interaction: Interaction, updated_by, **fields) -> Interaction:
    """Change an interaction's description (kind, summary, notes, intervention, external id).

    What was folded into relationship strength when it was logged stays as logged. A change
    bumps the version, so sync clients and If-Match see it.
    """
    require_write(updated_by, interaction.organisation)
    refuse_changes(
        interaction,
        fields,
        INTERACTION_FOLDED_FIELDS,
        "This cannot be changed once logged; delete the interaction and log it again.",
    )
    changed = {
        name: value
        for name, value in fields.items()
        if name not in INTERACTION_FOLDED_FIELDS and getattr(interaction, name) != value
    }
    if changed:
        interaction.version += 1
        validated_save(interaction, **changed)
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction, deleted_by) -> None:
    require_write(deleted_by, interaction.organisation)
    interactions_remove([interaction])


@transaction.atomic
def interactions_remove(interactions: Sequence[Interaction]) -> None:
    """Delete interactions and refold their participants' relationships from those left, so
    strength and last contact are as if they had never been logged."""
    ids = [i.pk for i in interactions]
    through_staff = Interaction.staff.through.objects.filter(interaction_id__in=ids)
    through_contacts = Interaction.contacts.through.objects.filter(interaction_id__in=ids)
    staff_ids = set(through_staff.values_list("user_id", flat=True))
    contact_ids = set(through_contacts.values_list("contact_id", flat=True))
    Interaction.objects.filter(pk__in=ids).delete()
    stakeholder_services.relationships_refold(
        staff_ids=staff_ids,
        contact_ids=contact_ids,
        history=Interaction.objects.filter(
            staff__in=staff_ids, contacts__in=contact_ids
        ).values_list("staff", "contacts", "occurred_at", "sentiment"),
    )
