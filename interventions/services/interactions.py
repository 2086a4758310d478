"""Logging interactions, and changing or deleting one afterwards."""

from collections import defaultdict
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
from stakeholders import dormancy
from stakeholders import services as stakeholder_services
from stakeholders import strength as strength_mod
from stakeholders.models import Contact, Organisation, Relationship


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


@transaction.atomic
def interactions_revise_many(revisions: Sequence[tuple[Interaction, InteractionDraft]]) -> None:
    """Bring recorded interactions up to what their source says now (a captured meeting moved,
    retitled, with other people), keeping their ids, notes and links: each takes its draft's
    kind, time, organisation, tier, summary and participants, its version goes up, and the
    relationships of its old and new participants are folded again."""
    if not revisions:
        return
    ids = [interaction.pk for interaction, _ in revisions]
    pairs = _participant_pairs(ids)
    now = timezone.now()
    for interaction, d in revisions:
        interaction.kind, interaction.occurred_at = d.kind, d.occurred_at
        interaction.organisation = d.organisation
        interaction.tier = d.tier or default_tier(d.contacts)
        interaction.summary, interaction.outside_fence = d.summary[:300], d.outside_fence
        interaction.version += 1
        interaction.updated_at = now
    Interaction.objects.bulk_update(
        [interaction for interaction, _ in revisions],
        ["kind", "occurred_at", "organisation", "tier", "summary", "outside_fence", "version"]
        + ["updated_at"],
    )
    Interaction.contacts.through.objects.filter(interaction_id__in=ids).delete()
    Interaction.staff.through.objects.filter(interaction_id__in=ids).delete()
    Interaction.contacts.through.objects.bulk_create(
        Interaction.contacts.through(interaction_id=i.pk, contact_id=c.pk)
        for i, d in revisions
        for c in {c.pk: c for c in d.contacts}.values()
    )
    Interaction.staff.through.objects.bulk_create(
        Interaction.staff.through(interaction_id=i.pk, user_id=u.pk)
        for i, d in revisions
        for u in {u.pk: u for u in d.staff}.values()
    )
    relationships_refold(pairs=pairs | _participant_pairs(ids))


def _participant_pairs(ids) -> set[tuple[int, int]]:
    """(staff id, contact id) of every pair that took part in these interactions."""
    staff_of, contacts_of = defaultdict(set), defaultdict(set)
    staff = Interaction.staff.through.objects.filter(interaction_id__in=ids)
    contacts = Interaction.contacts.through.objects.filter(interaction_id__in=ids)
    for interaction_id, user_id in staff.values_list("interaction_id", "user_id"):
        staff_of[interaction_id].add(user_id)
    for interaction_id, contact_id in contacts.values_list("interaction_id", "contact_id"):
        contacts_of[interaction_id].add(contact_id)
    return {(s, c) for i in ids for s in staff_of[i] for c in contacts_of[i]}


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
    if not ids:
        return
    pairs = _participant_pairs(ids)
    Interaction.objects.filter(pk__in=ids).delete()
    relationships_refold(pairs=pairs)


@transaction.atomic
def relationships_refold(*, pairs: Iterable[tuple[int, int]]) -> list[Relationship]:
    """Fold again, from the interactions that exist now, the relationships between these
    (staff id, contact id) pairs: after interactions were removed behind the services' back
    (an import undone), their count, decay, last contact and strength are as if those had
    never been logged. One that is past its limit now is dormant again. Three queries."""
    pairs = set(pairs)
    if not pairs:
        return []
    staff_ids, contact_ids = {s for s, _ in pairs}, {c for _, c in pairs}
    rels = {
        (r.staff_id, r.contact_id): r
        for r in Relationship.objects.select_for_update().filter(
            stakeholder_services.between_pairs(pairs)
        )
    }
    empty = strength_mod.Aggregates(0, 0.0, 0.0, None, None)
    folded = dict.fromkeys(rels, empty)
    touches = (
        Interaction.objects.filter(staff__in=staff_ids, contacts__in=contact_ids)
        .order_by("occurred_at", "id")
        .values_list("staff", "contacts", "occurred_at", "sentiment")
    )
    for staff_id, contact_id, occurred_at, sentiment in touches:
        if (staff_id, contact_id) in folded:
            folded[staff_id, contact_id] = strength_mod.fold_interaction(
                folded[staff_id, contact_id], occurred_at=occurred_at, sentiment=sentiment or 0
            )
    now = timezone.now()
    for key, rel in rels.items():
        agg = folded[key]
        rel.interaction_count = agg.count
        rel.decayed_count = agg.decayed_count
        rel.decayed_sentiment = agg.decayed_sentiment
        rel.aggregates_at = agg.aggregates_at
        rel.last_interaction_at = agg.last_interaction_at
        if rel.status == Relationship.Status.ACTIVE and dormancy.is_dormant(rel, now):
            rel.status = Relationship.Status.DORMANT
        rel.strength = stakeholder_services.relationship_strength(rel, now=now)
        rel.strength_computed_at = now
        rel.updated_at = now
    Relationship.objects.bulk_update(list(rels.values()), stakeholder_services.AGGREGATE_FIELDS)
    return list(rels.values())
