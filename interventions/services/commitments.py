"""Commitments: promises made by us or by them, recorded, kept, missed or cancelled."""

from datetime import date

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
) -> Commitment:
    """Record a promise; one recorded already settled (kept, missed…) is closed at once."""
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
            commitment=commitment, updated_by=recorded_by, status=status
        )
    return commitment


@transaction.atomic
def commitment_update(*, commitment: Commitment, updated_by, **fields) -> Commitment:
    """Change a commitment; a new status goes through `commitment_set_status`."""
    require_write(updated_by, commitment.organisation)
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
    require_write(deleted_by, commitment.organisation)
    commitment.delete()


@transaction.atomic
def commitment_set_status(*, commitment: Commitment, updated_by, status: str) -> Commitment:
    require_write(updated_by, commitment.organisation)
    if status not in Commitment.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    commitment.status = status
    commitment.closed_at = None if status == Commitment.Status.OPEN else timezone.now()
    commitment.updated_at = timezone.now()
    commitment.full_clean()
    commitment.save()
    return commitment
