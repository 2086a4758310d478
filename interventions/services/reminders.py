"""Reminders: each open commitment of ours is announced to its owner as it comes due."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from core.dates import format_day
from interventions.models import Commitment
from notifications.models import Kind
from notifications.services import notify

REMIND_WITHIN = dt.timedelta(days=2)


def _when(due_on: dt.date, today: dt.date) -> str:
    if due_on == today:
        return "today"
    if due_on == today + dt.timedelta(days=1):
        return "tomorrow"
    return f"on {format_day(due_on)}"


def commitments_remind(*, today: dt.date | None = None) -> int:
    """Tell each owner of an open commitment due within REMIND_WITHIN (today included), once
    per due date; returns how many were told. Run daily by the worker (relmap/tasks.py)."""
    today = today or timezone.localdate()
    due = (
        Commitment.objects.filter(
            status=Commitment.Status.OPEN,
            owner__isnull=False,
            due_on__gte=today,
            due_on__lte=today + REMIND_WITHIN,
        )
        .select_related("owner", "organisation")
        .order_by("due_on", "pk")
    )
    told = 0
    for commitment in due.iterator(chunk_size=500):
        organisation = commitment.organisation
        told += len(
            notify(
                [commitment.owner],
                kind=Kind.COMMITMENT_DUE,
                message=f"“{commitment.description}” for {organisation.name} is due "
                f"{_when(commitment.due_on, today)}.",
                url=reverse("organisation_detail", args=[organisation.pk]) + "#commitments-h",
                root=organisation.root_id or organisation.pk,
                key=f"commitment_due:{commitment.pk}:{commitment.due_on.isoformat()}",
            )
        )
    return told
