"""Writes about interventions, interactions, commitments and issues."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.writes import validated_save
from interventions import selectors
from interventions.models import Commitment, Interaction, Intervention, Issue
from stakeholders import access
from stakeholders import services as stakeholder_services
from stakeholders.models import Contact, Organisation, Seniority, Tier


def _require_write(user, organisation: Organisation | None) -> None:
    if not access.can_write_at(user, organisation):
        raise PermissionDenied(access.fence_refusal_message(organisation))


def _default_tier(contacts: Sequence[Contact]) -> str:
    """The tier of the most senior participants: executive when any of theirs is an executive."""
    if any(c.seniority == Seniority.EXECUTIVE for c in contacts):
        return Tier.EXECUTIVE
    return Tier.OPERATIONAL


def _check_contacts_belong(contacts: Sequence[Contact], organisation: Organisation) -> None:
    root_id = organisation.root_id or organisation.pk
    for contact in contacts:
        if contact.is_deleted:
            raise ValidationError({"contacts": f"{contact} has been deleted."})
        org = contact.organisation
        if org is None or (org.root_id or org.pk) != root_id:
            raise ValidationError(
                {"contacts": f"{contact} does not belong to {organisation} or its divisions."}
            )


def _refuse_changes(instance, fields: dict, names, message: str) -> None:
    """A validation error for each field in `names` that `fields` would change on `instance`."""
    errors = {}
    for name in names:
        if name not in fields:
            continue
        new, old = fields[name], getattr(instance, name)
        if hasattr(old, "all"):
            changed = {o.pk for o in new} != {o.pk for o in old.all()}
        else:
            changed = new != old
        if changed:
            errors[name] = message
    if errors:
        raise ValidationError(errors)


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
    sentiment: int = 0,
    notes: str = "",
    intervention: Intervention | None = None,
    external_id: str | None = None,
    commitments: Iterable[CommitmentDraft] = (),
) -> Interaction:
    """Log a touch point and fold it into the relationships between its participants."""
    _require_write(logged_by, organisation)
    contacts = list(contacts)
    _check_contacts_belong(contacts, organisation)
    staff = list(staff) if staff else [logged_by]
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": "An interaction cannot be logged in the future."})
    interaction = Interaction(
        kind=kind,
        occurred_at=occurred_at,
        organisation=organisation,
        tier=tier or _default_tier(contacts),
        summary=summary,
        notes=notes,
        sentiment=sentiment,
        intervention=intervention,
        logged_by=logged_by,
        external_id=external_id,
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
        sentiment=sentiment,
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
    _require_write(updated_by, interaction.organisation)
    _refuse_changes(
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
    _require_write(deleted_by, interaction.organisation)
    interaction.delete()


@transaction.atomic
def intervention_plan(
    *,
    planned_by,
    title: str,
    purpose: str,
    objective: str,
    intended_outcome: str,
    starts_on: date,
    ends_on: date,
    organisation: Organisation | None = None,
    community=None,
    contacts: Sequence[Contact] = (),
    tier: str = Tier.OPERATIONAL,
    owner=None,
    unit=None,
    status: str = Intervention.Status.PLANNED,
    actual_outcome: str = "",
    outcome_rating: str = "",
) -> tuple[Intervention, list[Intervention]]:
    """Plan an intervention; returns it with the open interventions it now conflicts with."""
    if actual_outcome or outcome_rating:
        raise ValidationError(
            {
                name: "An outcome is recorded when the intervention is closed, not when planned."
                for name, value in (
                    ("actual_outcome", actual_outcome),
                    ("outcome_rating", outcome_rating),
                )
                if value
            }
        )
    contacts = list(contacts)
    targets = [organisation is not None, community is not None, bool(contacts)]
    if sum(targets) != 1:
        raise ValidationError(
            "An intervention has exactly one target: an organisation, a community or contacts."
        )
    if organisation is not None:
        _require_write(planned_by, organisation)
    for contact in contacts:
        _require_write(planned_by, contact.organisation)
    owner = owner or planned_by
    if unit is None:
        profile = getattr(owner, "staff_profile", None)
        unit = profile.unit if profile else None
    intervention = Intervention(
        title=title,
        target_kind=(
            Intervention.TargetKind.ORGANISATION
            if organisation is not None
            else Intervention.TargetKind.COMMUNITY
            if community is not None
            else Intervention.TargetKind.CONTACTS
        ),
        organisation=organisation,
        community=community,
        tier=tier,
        purpose=purpose,
        objective=objective,
        intended_outcome=intended_outcome,
        owner=owner,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
    )
    intervention.full_clean()
    intervention.save()
    if contacts:
        intervention.contacts.set(contacts)
    return intervention, selectors.intervention_conflicts(intervention=intervention)


INTERVENTION_TARGET_FIELDS = ("organisation", "community", "contacts")
CLOSED = (Intervention.Status.DONE, Intervention.Status.CANCELLED)


def intervention_organisations(intervention: Intervention) -> list[Organisation]:
    if intervention.organisation_id:
        return [intervention.organisation]
    return [c.organisation for c in intervention.contacts.select_related("organisation")]


def _apply(intervention: Intervention, updated_by, fields: dict) -> Intervention:
    if intervention.organisation_id:
        _require_write(updated_by, intervention.organisation)
    for name, value in fields.items():
        setattr(intervention, name, value)
    intervention.full_clean()
    intervention.updated_at = timezone.now()
    intervention.save()
    return intervention


@transaction.atomic
def intervention_update(*, intervention: Intervention, updated_by, **fields) -> Intervention:
    """Change an intervention. Its target stays (plan a new one instead); moving an open one
    to done or cancelled closes it, with `intervention_close`'s rules."""
    _refuse_changes(
        intervention,
        fields,
        INTERVENTION_TARGET_FIELDS,
        "An intervention's target cannot be changed; plan a new intervention.",
    )
    fields = {k: v for k, v in fields.items() if k not in INTERVENTION_TARGET_FIELDS}
    status = fields.get("status")
    closing = intervention.is_open and status in CLOSED
    if closing:
        del fields["status"]
        intervention = intervention_close(
            intervention=intervention,
            closed_by=updated_by,
            status=status,
            actual_outcome=fields.pop("actual_outcome", intervention.actual_outcome),
            outcome_rating=fields.pop("outcome_rating", intervention.outcome_rating),
        )
    if fields or not closing:
        intervention = _apply(intervention, updated_by, fields)
    return intervention


@transaction.atomic
def intervention_delete(*, intervention: Intervention, deleted_by) -> None:
    for organisation in intervention_organisations(intervention):
        _require_write(deleted_by, organisation)
    intervention.delete()


@transaction.atomic
def intervention_close(
    *,
    intervention: Intervention,
    closed_by,
    actual_outcome: str,
    outcome_rating: str,
    status: str = Intervention.Status.DONE,
) -> Intervention:
    if status not in (Intervention.Status.DONE, Intervention.Status.CANCELLED):
        raise ValidationError({"status": "An intervention closes as done or cancelled."})
    if status == Intervention.Status.DONE and not (actual_outcome.strip() and outcome_rating):
        raise ValidationError("Record the actual outcome and its rating to close as done.")
    return _apply(
        intervention,
        closed_by,
        {
            "actual_outcome": actual_outcome,
            "outcome_rating": outcome_rating,
            "status": status,
            "closed_at": timezone.now(),
        },
    )


@transaction.atomic
def commitment_record(
    *,
    recorded_by,
    organisation: Organisation,
    description: str,
    due_on: date,
    made_by: str = Commitment.MadeBy.OURS,
    owner=None,
    interaction: Interaction | None = None,
    status: str = Commitment.Status.OPEN,
) -> Commitment:
    """Record a promise; one recorded already settled (kept, missed…) is closed at once."""
    _require_write(recorded_by, organisation)
    commitment = Commitment(
        organisation=organisation,
        description=description,
        due_on=due_on,
        made_by=made_by,
        owner=owner if owner is not None or made_by != "ours" else recorded_by,
        interaction=interaction,
    )
    commitment.full_clean()
    commitment.save()
    if status != Commitment.Status.OPEN:
        commitment = commitment_set_status(
            commitment=commitment, updated_by=recorded_by, status=status
        )
    return commitment


@transaction.atomic
def commitment_update(*, commitment: Commitment, updated_by, **fields) -> Commitment:
    """Change a commitment; a new status goes through `commitment_set_status`."""
    _require_write(updated_by, commitment.organisation)
    status = fields.pop("status", commitment.status)
    if fields:
        validated_save(commitment, **fields)
    if status != commitment.status:
        commitment = commitment_set_status(
            commitment=commitment, updated_by=updated_by, status=status
        )
    return commitment


@transaction.atomic
def commitment_delete(*, commitment: Commitment, deleted_by) -> None:
    _require_write(deleted_by, commitment.organisation)
    commitment.delete()


@transaction.atomic
def commitment_set_status(*, commitment: Commitment, updated_by, status: str) -> Commitment:
    _require_write(updated_by, commitment.organisation)
    if status not in Commitment.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    commitment.status = status
    commitment.closed_at = None if status == Commitment.Status.OPEN else timezone.now()
    commitment.updated_at = timezone.now()
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def issue_record(
    *,
    recorded_by,
    organisation: Organisation,
    category: str,
    summary: str,
    severity: str = Issue.Severity.MEDIUM,
    contact: Contact | None = None,
    description: str = "",
    opened_at: datetime | None = None,
    escalated: bool = False,
    owner=None,
    resolved_at: datetime | None = None,
    resolution: str = "",
) -> Issue:
    """Record a complaint; one recorded with `resolved_at` is resolved at once."""
    _require_write(recorded_by, organisation)
    if contact is not None:
        _check_contacts_belong([contact], organisation)
    opened_at = opened_at or timezone.now()
    issue = Issue(
        organisation=organisation,
        contact=contact,
        category=category,
        severity=severity,
        summary=summary,
        description=description,
        opened_at=opened_at,
        escalated=escalated,
        escalated_at=opened_at if escalated else None,
        owner=owner or recorded_by,
    )
    issue.full_clean()
    issue.save()
    if resolved_at is not None:
        issue = issue_resolve(
            issue=issue, resolved_by=recorded_by, resolution=resolution, resolved_at=resolved_at
        )
    return issue


@transaction.atomic
def issue_update(*, issue: Issue, updated_by, **fields) -> Issue:
    """Change an issue. Escalating, un-escalating and resolving go through their own services,
    so each keeps its time stamp."""
    _require_write(updated_by, issue.organisation)
    escalated = fields.pop("escalated", issue.escalated)
    resolve = issue.resolved_at is None and fields.get("resolved_at") is not None
    if resolve:
        resolved_at = fields.pop("resolved_at")
        resolution = fields.pop("resolution", issue.resolution)
    if escalated != issue.escalated and not escalated:
        issue = issue_unescalate(issue=issue, unescalated_by=updated_by)
    if fields:
        validated_save(issue, **fields)
    if escalated and not issue.escalated:
        issue = issue_escalate(issue=issue, escalated_by=updated_by)
    if resolve:
        issue = issue_resolve(
            issue=issue, resolved_by=updated_by, resolution=resolution, resolved_at=resolved_at
        )
    return issue


@transaction.atomic
def issue_delete(*, issue: Issue, deleted_by) -> None:
    _require_write(deleted_by, issue.organisation)
    issue.delete()


@transaction.atomic
def issue_unescalate(*, issue: Issue, unescalated_by) -> Issue:
    """Take an escalation back (it was a mistake): the issue is as if never escalated."""
    _require_write(unescalated_by, issue.organisation)
    if issue.escalated:
        issue.escalated = False
        issue.escalated_at = None
        issue.updated_at = timezone.now()
        issue.save(update_fields=["escalated", "escalated_at", "updated_at"])
    return issue


@transaction.atomic
def issue_escalate(*, issue: Issue, escalated_by) -> Issue:
    _require_write(escalated_by, issue.organisation)
    if not issue.escalated:
        issue.escalated = True
        issue.escalated_at = timezone.now()
        issue.updated_at = timezone.now()
        issue.save(update_fields=["escalated", "escalated_at", "updated_at"])
    return issue


@transaction.atomic
def issue_resolve(
    *, issue: Issue, resolved_by, resolution: str = "", resolved_at: datetime | None = None
) -> Issue:
    _require_write(resolved_by, issue.organisation)
    if issue.resolved_at is not None:
        raise ValidationError("This issue is already resolved.")
    issue.resolved_at = resolved_at or timezone.now()
    issue.resolution = resolution
    issue.updated_at = timezone.now()
    issue.full_clean()
    issue.save()
    return issue
