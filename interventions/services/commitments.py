"""Commitments: promises made by us or by them, recorded, kept, missed or cancelled."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.writes import validated_save
from interventions.models import Commitment, Interaction
from interventions.services.checks import require_write
from stakeholders.models import Organisation


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
    closed_at: datetime | None = None,
) -> Commitment:
    """Record a promise; one recorded already settled (kept, missed…) is closed at once, or
    at `closed_at` when it was settled in the past (history imported keeps its dates)."""
    require_write(recorded_by, organisation)
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
            commitment=commitment, updated_by=recorded_by, status=status, closed_at=closed_at
        )
    elif closed_at is not None:
        raise ValidationError({"closed_at": "An open commitment has no closing date."})
    return commitment


@transaction.atomic
def commitment_update(*, commitment: Commitment, updated_by, **fields) -> Commitment:
    """Change a commitment; a new status goes through `commitment_set_status`, with the
    `closed_at` given (else now). A closed commitment's `closed_at` may be corrected alone."""
    require_write(updated_by, commitment.organisation)
    status = fields.pop("status", commitment.status)
    closed_at = fields.pop("closed_at", None)
    if fields:
        validated_save(commitment, **fields)
    if status != commitment.status:
        commitment = commitment_set_status(
            commitment=commitment, updated_by=updated_by, status=status, closed_at=closed_at
        )
    elif closed_at is not None and closed_at != commitment.closed_at:
        if status == Commitment.Status.OPEN:
            raise ValidationError({"closed_at": "An open commitment has no closing date."})
        validated_save(commitment, closed_at=_check_closed_at(closed_at))
    return commitment


@transaction.atomic
def commitment_delete(*, commitment: Commitment, deleted_by) -> None:
    require_write(deleted_by, commitment.organisation)
    commitment.delete()


def _check_closed_at(closed_at: datetime) -> datetime:
    if closed_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"closed_at": "A commitment cannot be closed in the future."})
    return closed_at


@transaction.atomic
def commitment_set_status(
    *, commitment: Commitment, updated_by, status: str, closed_at: datetime | None = None
) -> Commitment:
    """Open a commitment again, or close it (kept, missed, cancelled) now or at `closed_at`."""
    require_write(updated_by, commitment.organisation)
    if status not in Commitment.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    commitment.status = status
    if status == Commitment.Status.OPEN:
        commitment.closed_at = None
    else:
        commitment.closed_at = _check_closed_at(closed_at) if closed_at else timezone.now()
    commitment.updated_at = timezone.now()
    commitment.full_clean()
    commitment.save()
    return commitment
