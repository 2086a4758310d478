"""The background worker: periodic jobs are enqueued once per period however many workers
look, and `manage.py worker --batch` runs what is queued."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from relmap import tasks
from stakeholders.models import Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_periodic_job_is_enqueued_once_per_period_whoever_looks():
    # A Thursday: weeks of the schedule start on Thursdays (1 January 1970 was one).
    noon = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)
    first = tasks.enqueue_due_jobs(now=noon)
    again = tasks.enqueue_due_jobs(now=noon)
    second = tasks.enqueue_due_jobs(now=noon + dt.timedelta(hours=3))
    assert sorted(first) == sorted(job.name for job in tasks.SCHEDULE)
    assert again == []
    # Three hours on, only the jobs that run more often than that are due again.
    assert second == ["capture_mailboxes"]
    assert DBTaskResult.objects.count() == len(tasks.SCHEDULE) + 1
    daily = sorted(job.name for job in tasks.SCHEDULE if job.every <= dt.timedelta(days=1))
    assert sorted(tasks.enqueue_due_jobs(now=noon + dt.timedelta(days=1))) == daily
    assert "send_digests" not in daily
    assert len(tasks.enqueue_due_jobs(now=noon + dt.timedelta(days=7))) == len(tasks.SCHEDULE)


# The worker closes stale connections between tasks, as a long-running process must; that
# would close the connection a test transaction is using, so these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_jobs_that_are_due():
    relationship = factories.RelationshipFactory(strength=77)
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    relationship.refresh_from_db()
    # recompute_strength ran: a relationship without interactions has no strength.
    assert relationship.strength == 0
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert "Enqueued recompute_strength." in out.getvalue()
    assert Relationship.objects.count() == 1
