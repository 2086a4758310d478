"""Alerts become work: grouped by measure, assigned, acknowledged with a note, resolved; the work
survives recomputation; whoever answers for the scope is told of a new alert."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from scorecard import alert_work
from scorecard.models import Alert
from scorecard.periods import current_quarter, parse
from scorecard.scopes import COMPANY, Scope
from scorecard.services import scorecard_compute
from tests import factories

pytestmark = pytest.mark.django_db
NOW = current_quarter()
BEFORE = NOW.previous()
MEASURE = "late_delivery_complaints_key_accounts"


def _on(day):
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


def late_deliveries(org, *, before, now):
    for _ in range(before):
        factories.IssueFactory(organisation=org, opened_at=_on(BEFORE.start))
    for _ in range(now):
        factories.IssueFactory(organisation=org, opened_at=_on(NOW.start))


@pytest.fixture
def acme(owner):
    return factories.AccountFactory(
        organisation__name="Acme", organisation__is_key_account=True, manager=owner
    )


@pytest.fixture
def account_scope(acme):
    return Scope("account", acme.pk, "Acme")


def _compute(*scopes):
    scorecard_compute(periods=[BEFORE, NOW], scopes=list(scopes))
    return {a.scope_kind: a for a in Alert.objects.filter(period=NOW.code, measure__code=MEASURE)}


def test_a_new_alert_tells_whoever_answers_for_its_scope_once(
    acme, account_scope, owner, executive, teammate
):
    late_deliveries(acme.organisation, before=6, now=14)
    alerts = _compute(COMPANY, account_scope)
    assert set(alerts) == {"company", "account"}
    mine = Notification.objects.get(user=owner, message__startswith="Late-delivery")
    assert mine.kind == "alert" and mine.root == acme.organisation_id
    assert mine.message == alerts["account"].message
    assert mine.url == f"/scorecard/alerts/?period={NOW.code}&show=all#alert-{alerts['account'].pk}"
    # The company's alert goes to the executives.
    told = Notification.objects.get(user=executive, message__startswith="Late-delivery")
    assert told.message == alerts["company"].message
    assert not Notification.objects.filter(user=teammate).exists()
    # Once a quarter's alert (its months are not announced), however often it is computed.
    count = Notification.objects.count()
    assert count == Alert.objects.filter(period=NOW.code).count()
    _compute(COMPANY, account_scope)
    assert Notification.objects.count() == count


def test_alerts_of_periods_long_past_are_stored_not_announced(acme, account_scope):
    for _ in range(6):
        factories.IssueFactory(
            organisation=acme.organisation, opened_at=dt.datetime(2024, 2, 3, tzinfo=dt.UTC)
        )
    for _ in range(14):
        factories.IssueFactory(
            organisation=acme.organisation, opened_at=dt.datetime(2024, 5, 3, tzinfo=dt.UTC)
        )
    scorecard_compute(periods=[parse("2024-Q1"), parse("2024-Q2")], scopes=[account_scope])
    assert Alert.objects.filter(period="2024-Q2").exists()
    assert not Notification.objects.exists()


def test_the_work_survives_recomputation(acme, account_scope, owner):
    late_deliveries(acme.organisation, before=6, now=14)
    alert = _compute(account_scope)["account"]
    alert_work.alert_update(
        alert=alert, user=owner, status="acknowledged", note="Talking to logistics"
    )
    factories.IssueFactory(organisation=acme.organisation, opened_at=_on(NOW.start))
    again = _compute(account_scope)["account"]
    assert again.pk == alert.pk
    assert (again.status, again.note, again.handled_by) == (
        "acknowledged",
        "Talking to logistics",
        owner,
    )
    assert "15 this quarter" in again.message
    # When it no longer holds, a worked-on alert stays for the record; an untouched one goes.
    acme.organisation.issues.filter(opened_at__gte=_on(NOW.start)).delete()
    assert _compute(account_scope)["account"].pk == alert.pk
    alert.delete()
    late_deliveries(acme.organisation, before=0, now=14)
    _compute(account_scope)
    acme.organisation.issues.filter(opened_at__gte=_on(NOW.start)).delete()
    assert _compute(account_scope) == {}


def test_acknowledging_needs_a_note_and_only_those_who_answer_may(
    acme, account_scope, owner, outsider, teammate
):
    acme.team.add(teammate)
    late_deliveries(acme.organisation, before=6, now=14)
    alert = _compute(account_scope)["account"]
    with pytest.raises(ValidationError) as missing:
        alert_work.alert_update(alert=alert, user=owner, status="acknowledged")
    assert "acknowledging needs a note" in str(missing.value)
    with pytest.raises(PermissionDenied):
        alert_work.alert_update(alert=alert, user=outsider, status="resolved")
    alert_work.alert_update(alert=alert, user=teammate, status="resolved")
    alert.refresh_from_db()
    assert (alert.status, alert.handled_by) == ("resolved", teammate)


def test_assigning_tells_the_assignee_and_keeps_the_fence(
    acme, account_scope, owner, teammate, outsider
):
    acme.is_fenced = True
    acme.save()
    acme.team.add(teammate)
    late_deliveries(acme.organisation, before=6, now=14)
    alert = _compute(account_scope)["account"]
    with pytest.raises(ValidationError) as fenced:
        alert_work.alert_update(alert=alert, user=owner, assignee=outsider)
    assert "picket fence" in str(fenced.value)
    alert_work.alert_update(alert=alert, user=owner, assignee=teammate)
    told = Notification.objects.get(user=teammate)
    assert told.message.endswith(alert.message) and "asked you to look at" in told.message


def test_groups_say_how_many_scopes_and_what_state(acme, account_scope, owner):
    late_deliveries(acme.organisation, before=6, now=14)
    alerts = _compute(COMPANY, account_scope)
    alert_work.alert_update(alert=alerts["account"], user=owner, status="resolved")
    [group] = alert_work.group_by_measure(
        Alert.objects.filter(period=NOW.code, measure__code=MEASURE).select_related("measure")
    )
    assert group.headline == "Late-delivery complaints at key accounts rising at 2 scopes"
    assert (group.open, group.acknowledged, group.resolved, group.unassigned) == (1, 0, 1, 1)
