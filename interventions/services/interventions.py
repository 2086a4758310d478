"""Planning interventions, changing, closing and deleting them."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from interventions import selectors
from interventions.models import Intervention
from interventions.services import notices
from interventions.services.checks import refuse_changes, require_write
from stakeholders import access
from stakeholders.models import Contact, Organisation, Tier


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
        require_write(planned_by, organisation)
    for contact in contacts:
        require_write(planned_by, contact.organisation)
    owner = owner or planned_by
    if unit is None:
        unit = selectors.planner_unit(owner)
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
    conflicts = selectors.intervention_conflicts(intervention=intervention)
    notices.announce(intervention, conflicts, _roots(intervention), planned_by)
    return intervention, conflicts


INTERVENTION_TARGET_FIELDS = ("organisation", "community", "contacts")
CLOSED = (Intervention.Status.DONE, Intervention.Status.CANCELLED)


def intervention_organisations(intervention: Intervention) -> list[Organisation]:
    """The organisations `intervention` is aimed at: its own, or every named contact's. Read
    from the database, past any prefetch a visibility filter may have narrowed."""
    if intervention.target_kind == Intervention.TargetKind.ORGANISATION:
        return [intervention.organisation]
    return [
        c.organisation
        for c in Contact.objects.filter(interventions=intervention).select_related("organisation")
    ]


def _roots(intervention: Intervention) -> list[int]:
    return sorted({o.root_id or o.pk for o in intervention_organisations(intervention)})


def intervention_require_change(user, intervention: Intervention) -> None:
    """PermissionDenied (saying who holds the fence) unless `user` may change `intervention`."""
    if not access.may_change_intervention(user, intervention_organisations(intervention)):
        fenced = next(
            (
                o
                for o in intervention_organisations(intervention)
                if not access.can_write_at(user, o)
            ),
            None,
        )
        raise PermissionDenied(
            access.fence_refusal_message(fenced) or "You may not change this intervention."
        )


def _apply(intervention: Intervention, updated_by, fields: dict) -> Intervention:
    intervention_require_change(updated_by, intervention)
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
    intervention_require_change(updated_by, intervention)
    refuse_changes(
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
    if {"starts_on", "ends_on", "status", "owner", "unit"} & set(fields):
        # Moved, reopened or handed over: whoever it now clashes with is told.
        conflicts = selectors.intervention_conflicts(intervention=intervention)
        notices.announce(intervention, conflicts, _roots(intervention), updated_by)
    return intervention


@transaction.atomic
def intervention_delete(*, intervention: Intervention, deleted_by) -> None:
    intervention_require_change(deleted_by, intervention)
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
    intervention_require_change(closed_by, intervention)
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
