"""One reminder after a week for an unanswered request (the command and the daily job); the
response rate per account, per community and on the scorecard, from real answers."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from relmap import tasks
from scorecard.models import Measure, Observation
from scorecard.periods import month
from scorecard.scopes import COMPANY
from scorecard.services import scorecard_compute
from stakeholders.models import AssessmentRequest
from stakeholders.services.surveys import assessment_request_answer
from tests import factories

pytestmark = pytest.mark.django_db


def _reminded(smtp) -> list[str]:
    return [
        to
        for raw, (to,) in zip(smtp.received, smtp.recipients, strict=True)
        if b"Subject: Reminder:" in raw
    ]


def _sent(request, when):
    AssessmentRequest.objects.filter(pk=request.pk).update(sent_at=when)


# The worker closes stale connections, a test transaction's too: this test commits.
@pytest.mark.django_db(transaction=True)
def test_an_unanswered_request_gets_one_reminder_after_seven_days(
    ceo, ask, smtp_server, django_capture_on_commit_callbacks
):
    week_ago = timezone.now() - dt.timedelta(days=7, minutes=1)
    old, path = ask(ceo, now=week_ago)
    fresh_contact = factories.ContactFactory(organisation=ceo.organisation, email="new@x.example")
    fresh, _ = ask(fresh_contact)
    answered_contact = factories.ContactFactory(organisation=ceo.organisation, email="a@x.example")
    answered, _ = ask(answered_contact, now=week_ago)
    assessment_request_answer(
        request=answered, trust=3, openness=3, transparency=3, appropriateness=3, longevity=3
    )
    _sent(old, week_ago)
    _sent(fresh, timezone.now())
    _sent(answered, week_ago)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_survey_reminders")
    call_command("worker", "--batch")
    reminders = _reminded(smtp_server)  # (the invitations were sent by the same run)
    assert reminders == ["clara@fenced.example"]
    assert AssessmentRequest.objects.get(pk=old.pk).reminded_at is not None
    # Only one reminder, however often the job runs.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_survey_reminders")
    call_command("worker", "--batch")
    assert _reminded(smtp_server) == reminders
    # The reminder carries the same, still working link.
    assert Client().get(path).status_code == 200


def test_the_reminders_run_daily_in_the_worker():
    daily = {job.name for job in tasks.SCHEDULE if job.every == dt.timedelta(days=1)}
    assert "send_survey_reminders" in daily


def test_an_expired_request_gets_no_reminder(ceo, ask):
    long_ago = timezone.now() - dt.timedelta(days=40)
    old, _ = ask(ceo, now=long_ago)
    _sent(old, long_ago)
    call_command("send_survey_reminders")
    assert AssessmentRequest.objects.get().reminded_at is None


def test_the_response_rate_shows_per_account_community_and_on_the_scorecard(
    owner, executive, ceo, fenced_account, ask
):
    community = factories.CommunityFactory(name="Retail partners")
    fenced_account.organisation.communities.add(community)
    other = factories.ContactFactory(organisation=ceo.organisation, email="o@x.example")
    first, _ = ask(ceo)
    ask(other)
    assessment_request_answer(
        request=first, trust=5, openness=4, transparency=4, appropriateness=4, longevity=3, nps=10
    )
    client = Client()
    client.force_login(owner)
    account_page = client.get(f"/organisations/{ceo.organisation_id}/surveys/").content.decode()
    assert "<dt>Requests</dt><dd>2</dd>" in account_page
    assert "<dt>Response rate</dt><dd>50%</dd>" in account_page
    overview = client.get("/surveys/").content.decode()
    assert "Retail partners" in overview and ">50%</td>" in overview

    this_month = month(timezone.localdate())
    scorecard_compute(periods=[this_month], scopes=[COMPANY])
    values = dict(
        Observation.objects.filter(
            period=this_month.code,
            measure__code__in=["survey_response_rate", "total_score_theirs", "nps"],
        ).values_list("measure__code", "value")
    )
    assert values["survey_response_rate"] == 50.0
    assert values["total_score_theirs"] == 4.0
    assert values["nps"] == 100.0
    assert Measure.objects.filter(code="survey_response_rate").exists()
