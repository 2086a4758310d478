"""Background work, run by `manage.py worker` (Django's tasks framework, queued in the
database by django-tasks-db), and the schedule of the periodic jobs.

Each periodic job is enqueued once per period however many workers run: the first worker to
claim the period's slot in the shared cache enqueues it, the others see the claim.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from interventions.services import commitments_remind


@task()
def housekeeping() -> None:
    call_command("housekeeping")


@task()
def recompute_strength() -> None:
    call_command("recompute_strength")


@task()
def compute_scorecard() -> None:
    call_command("compute_scorecard")


@task()
def send_reminders() -> int:
    return commitments_remind()


@task()
def send_survey_reminders() -> None:
    call_command("send_survey_reminders")


@task()
def send_digests() -> None:
    call_command("send_digests")


@task()
def capture_mailboxes() -> None:
    """What is new in the IMAP mailboxes (capture_imap); a mailbox that cannot be read keeps
    its error for the admin and fails the task after the others were read."""
    call_command("capture_imap")


@dataclass(frozen=True)
class Job:
    task: object
    every: dt.timedelta

    @property
    def name(self) -> str:
        return self.task.name


SCHEDULE = [
    Job(recompute_strength, dt.timedelta(days=1)),
    Job(compute_scorecard, dt.timedelta(days=1)),
    Job(housekeeping, dt.timedelta(days=1)),
    Job(send_reminders, dt.timedelta(days=1)),
    Job(send_survey_reminders, dt.timedelta(days=1)),
    Job(send_digests, dt.timedelta(days=7)),
    Job(capture_mailboxes, dt.timedelta(minutes=settings.RELMAP_CAPTURE_EVERY_MINUTES)),
]


def enqueue_due_jobs(*, now: dt.datetime | None = None, schedule=SCHEDULE) -> list[str]:
    """Enqueue each job whose current period has not been claimed yet; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for job in schedule:
        slot = int(now.timestamp() // job.every.total_seconds())
        # add() is atomic in every shared cache (Redis, the database): one claim per slot.
        if cache.add(f"relmap:schedule:{job.name}:{slot}", now.isoformat(), timeout=None):
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
