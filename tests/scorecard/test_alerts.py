"""Trend alerts: real rises fire, tiny numbers and good news do not."""

import datetime as dt

import pytest

from interventions.models import Commitment
from scorecard.models import Alert
from scorecard.periods import parse
from scorecard.scopes import COMPANY, Scope
from scorecard.services import scorecard_compute
from tests import factories

Q4, Q1 = parse("2025-Q4"), parse("2026-Q1")


def late_deliveries(org, *, q4, q1):
    for _ in range(q4):
        factories.IssueFactory(organisation=org, opened_at=dt.datetime(2025, 11, 3, tzinfo=dt.UTC))
    for _ in range(q1):
        factories.IssueFactory(organisation=org, opened_at=dt.datetime(2026, 2, 3, tzinfo=dt.UTC))


@pytest.fixture
def key_org(db):
    return factories.AccountFactory(
        organisation__name="Acme", organisation__is_key_account=True
    ).organisation


def quarter_alerts(code="late_delivery_complaints_key_accounts"):
    return list(Alert.objects.filter(period="2026-Q1", measure__code=code))


def test_a_real_rise_fires_with_a_plain_message(key_org):
    late_deliveries(key_org, q4=6, q1=14)
    scorecard_compute(periods=[Q4, Q1], scopes=[COMPANY])
    [alert] = quarter_alerts()
    assert alert.message == (
        "Late-delivery complaints at key accounts: 14 this quarter, up from 6 (+133%)"
    )
    assert alert.severity == "high"
    assert alert.get_absolute_url() == (
        "/scorecard/records/late_delivery_complaints_key_accounts/?period=2026-Q1&scope=company"
    )


def test_one_to_two_does_not_fire(key_org):
    late_deliveries(key_org, q4=1, q1=2)
    scorecard_compute(periods=[Q4, Q1], scopes=[COMPANY])
    assert quarter_alerts() == []


def test_a_fall_in_complaints_is_good_news_not_an_alert(key_org):
    late_deliveries(key_org, q4=14, q1=6)
    scorecard_compute(periods=[Q4, Q1], scopes=[COMPANY])
    assert quarter_alerts() == []


def test_a_small_rise_does_not_fire(key_org):
    late_deliveries(key_org, q4=10, q1=11)
    scorecard_compute(periods=[Q4, Q1], scopes=[COMPANY])
    assert quarter_alerts() == []


def test_alert_names_the_scope_and_goes_away_when_recomputed(key_org):
    account_scope = Scope("account", key_org.account.pk, "Acme")
    late_deliveries(key_org, q4=6, q1=14)
    scorecard_compute(periods=[Q4, Q1], scopes=[COMPANY, account_scope])
    messages = {a.message for a in quarter_alerts()}
    assert (
        "Late-delivery complaints at key accounts (Acme): 14 this quarter, up from 6 (+133%)"
        in (messages)
    )
    key_org.issues.filter(opened_at__year=2026).delete()
    scorecard_compute(periods=[Q1], scopes=[COMPANY, account_scope])
    assert quarter_alerts() == []


def commitments(org, month, *, kept, missed):
    due = dt.date(2026, month, 10)
    closed = dt.datetime(2026, month, 9, tzinfo=dt.UTC)
    for status, n in ((Commitment.Status.KEPT, kept), (Commitment.Status.MISSED, missed)):
        factories.CommitmentFactory.create_batch(
            n, organisation=org, due_on=due, status=status, closed_at=closed
        )


def test_a_falling_percentage_fires_when_enough_is_behind_it(key_org):
    commitments(key_org, 1, kept=9, missed=1)
    commitments(key_org, 2, kept=5, missed=5)
    scorecard_compute(periods=[parse("2026-01"), parse("2026-02")], scopes=[COMPANY])
    [alert] = Alert.objects.filter(period="2026-02", measure__code="commitments_kept_pct")
    assert alert.message == "Commitments kept: 50% this month, down from 90% (-40 points)"


def test_a_falling_percentage_over_two_items_does_not_fire(key_org):
    commitments(key_org, 1, kept=2, missed=0)
    commitments(key_org, 2, kept=0, missed=2)
    scorecard_compute(periods=[parse("2026-01"), parse("2026-02")], scopes=[COMPANY])
    assert not Alert.objects.filter(period="2026-02", measure__code="commitments_kept_pct")


def test_alerts_link_to_the_records_the_user_may_see(client, owner, outsider, key_org):
    fenced = factories.AccountFactory(
        organisation__name="Fenced Corp",
        organisation__is_key_account=True,
        manager=owner,
        is_fenced=True,
    ).organisation
    late_deliveries(key_org, q4=3, q1=7)
    late_deliveries(fenced, q4=3, q1=7)
    scorecard_compute(periods=[Q4, Q1])
    [alert] = [a for a in quarter_alerts() if a.scope_kind == "company"]
    client.force_login(outsider)
    page = client.get(alert.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("Acme") >= 7 and "Fenced Corp" not in body
    dashboard = client.get("/scorecard/?period=2026-Q1").content.decode()
    assert "Acme" in dashboard and "(Fenced Corp)" not in dashboard
    client.force_login(owner)
    assert "Fenced Corp" in client.get(alert.get_absolute_url()).content.decode()


def test_four_to_five_is_too_small_a_step_to_fire(key_org):
    late_deliveries(key_org, q4=4, q1=5)
    scorecard_compute(periods=[Q4, Q1], scopes=[COMPANY])
    assert quarter_alerts() == []


def test_a_falling_score_says_how_far_it_moved(key_org):
    for month, sentiment in ((1, 1), (2, -1)):
        factories.InteractionFactory.create_batch(
            6,
            organisation=key_org,
            sentiment=sentiment,
            occurred_at=dt.datetime(2026, month, 5, tzinfo=dt.UTC),
        )
    scorecard_compute(periods=[parse("2026-01"), parse("2026-02")], scopes=[COMPANY])
    [alert] = Alert.objects.filter(period="2026-02", measure__code="average_sentiment")
    assert alert.message == "Average sentiment: -1.00 this month, down from 1.00 (-2.00)"
    assert alert.severity == "high"
