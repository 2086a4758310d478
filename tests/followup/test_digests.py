"""Reminders of commitments coming due, and the weekly digest through a real SMTP server:
`manage.py send_digests [--user USERNAME] [--dry-run]`."""

import datetime as dt
import email
import email.policy
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from interventions.services import commitments_remind
from notifications.models import Notification
from notifications.services import preferences_update
from relmap.digests import digest_for
from scorecard.models import Alert, Measure
from scorecard.periods import current_quarter
from stakeholders.models import Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def _received(smtp):
    return {
        m["To"]: m
        for m in (email.message_from_bytes(r, policy=email.policy.default) for r in smtp.received)
    }


def _run(*args):
    out = io.StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def test_commitments_coming_due_remind_their_owners_once(owner, fenced_org):
    today = timezone.localdate()
    tomorrow = factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, description="Send the price list",
        due_on=today + dt.timedelta(days=1),
    )  # fmt: skip
    factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, due_on=today + dt.timedelta(5)
    )
    factories.CommitmentFactory(organisation=fenced_org, due_on=today)  # nobody's
    assert commitments_remind() == 1
    assert commitments_remind() == 0
    (told,) = Notification.objects.all()
    assert told.message == f"“Send the price list” for {fenced_org.name} is due tomorrow."
    assert told.url == f"/organisations/{fenced_org.pk}/#commitments-h"
    # Moved to a new date, it is announced again when that comes.
    tomorrow.due_on = today
    tomorrow.save()
    assert commitments_remind() == 1
    assert Notification.objects.latest("pk").message.endswith("is due today.")


@pytest.fixture
def busy_week(owner, fenced_account, fenced_org, fenced_contact):
    today = timezone.localdate()
    rel = factories.RelationshipFactory(staff=owner, contact=fenced_contact, tier="executive")
    Relationship.objects.filter(pk=rel.pk).update(
        last_interaction_at=timezone.now() - dt.timedelta(days=84)
    )
    factories.CommitmentFactory(
        organisation=fenced_org, owner=owner, description="Send the price list",
        due_on=today - dt.timedelta(days=2),
    )  # fmt: skip
    factories.IssueFactory(organisation=fenced_org, summary="Pallets arrived late", severity="high")
    factories.InteractionFactory(organisation=fenced_org, occurred_at=timezone.now())
    return fenced_account


def test_an_account_manager_gets_their_week_in_html_and_text(
    busy_week, owner, smtp_server, settings
):
    settings.SITE_URL = "https://relmap.example"
    output = _run("--user", owner.username)
    assert f"{owner.username} <{owner.email}>: 3 due, 1 new issue" in output
    message = _received(smtp_server)[owner.email]
    assert message["Subject"] == "Relmap this week: 3 due, 1 new issue"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    name = busy_week.organisation.name
    for part in (text, html):
        assert "Send the price list" in part and "Pallets arrived late" in part
        assert "dormant from" in part and name in part
    assert f"- {name}: 1 / 1 / 0" in text
    assert "OVERDUE" in text and "overdue" in html
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe in text and unsubscribe in html
    assert "Unsubscribe from the weekly digest" in text


def test_an_executive_gets_the_score_and_the_alerts_nobody_has(executive, smtp_server):
    Alert.objects.create(
        measure=Measure.objects.get(code="open_issues"), scope_kind="company", scope_id=0,
        period=current_quarter().code, previous_period=current_quarter().previous().code,
        value=18, previous_value=6, message="Open issues: 18 this quarter, up from 6 (+200%)",
        severity="high",
    )  # fmt: skip
    _run()
    message = _received(smtp_server)[executive.email]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"THE SCORECARD, {current_quarter().label.upper()}" in text
    assert "- Open issues: 18 this quarter, up from 6 (+200%) (nobody assigned)" in text
    assert "1 alert this quarter with nobody assigned" in text


def test_dry_run_sends_nothing_and_those_who_opted_out_or_have_nothing_are_skipped(
    busy_week, owner, teammate, outsider, smtp_server
):
    preferences_update(user=teammate, weekly_digest=False)
    output = _run("--dry-run", "-v", "2")
    assert smtp_server.received == []
    assert f"{owner.username} <{owner.email}>: 3 due, 1 new issue" in output
    assert f"{teammate.username}: skipped (turned off)" in output
    assert f"{outsider.username}: skipped (nothing new)" in output
    assert "Would send 1 digest; skipped" in output


def test_the_fence_holds_in_the_digest(busy_week, outsider, smtp_server):
    # An outsider manages another account; the fenced one's issues are not theirs to read.
    factories.AccountFactory(manager=outsider)
    factories.IssueFactory(organisation=busy_week.organisation, summary="Zq fenced complaint")
    _run("--user", outsider.username)
    assert all(b"Zq fenced" not in raw for raw in smtp_server.received)


def test_an_unknown_user_and_a_mail_server_that_is_away_are_clear_errors(
    busy_week, owner, settings, unused_port
):
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        _run("--user", "nobody")
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": unused_port, "timeout": 2},
        }
    }
    with pytest.raises(CommandError, match="could not be sent"):
        _run("--user", owner.username)


@pytest.mark.parametrize("accounts", [1, 5, 20])
def test_a_digest_costs_the_same_queries_however_many_accounts(
    owner, accounts, django_assert_max_num_queries
):
    for account in factories.AccountFactory.create_batch(accounts, manager=owner):
        factories.IssueFactory(organisation=account.organisation)
        factories.InteractionFactory(organisation=account.organisation)
    with django_assert_max_num_queries(20):
        digest = digest_for(owner)
    assert len(digest.accounts) == accounts and len(digest.new_issues) == min(accounts, 10)
