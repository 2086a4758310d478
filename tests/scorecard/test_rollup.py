"""Months roll up into quarters and years according to the kind of measure."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from interventions.models import Commitment, Issue
from scorecard.models import Measure, Observation, Perspective
from scorecard.periods import parse
from scorecard.scopes import COMPANY
from scorecard.services import observation_enter, scorecard_compute
from tests import factories

Q1 = parse("2026-Q1")


def at(month, day, hour=12):
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


def company(code, period):
    return Observation.objects.get(
        measure__code=code, scope_kind="company", scope_id=0, period=period
    )


@pytest.fixture
def key_org(db):
    return factories.AccountFactory(organisation__is_key_account=True).organisation


def test_a_count_sums(key_org):
    for month, n in ((1, 1), (2, 2), (3, 3)):
        factories.IssueFactory.create_batch(n, organisation=key_org, opened_at=at(month, 5))
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    code = "late_delivery_complaints_key_accounts"
    assert [company(code, p).value for p in ("2026-01", "2026-02", "2026-03")] == [1, 2, 3]
    assert company(code, "2026-Q1").value == 6


def test_a_percentage_is_recomputed_from_its_parts(key_org):
    kept = Commitment.Status.KEPT
    factories.CommitmentFactory(
        organisation=key_org, due_on=dt.date(2026, 1, 10), status=kept, closed_at=at(1, 9)
    )
    factories.CommitmentFactory.create_batch(
        3,
        organisation=key_org,
        due_on=dt.date(2026, 2, 10),
        status=Commitment.Status.MISSED,
        closed_at=at(2, 11),
    )
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    assert company("commitments_kept_pct", "2026-01").value == 100
    assert company("commitments_kept_pct", "2026-02").value == 0
    quarter = company("commitments_kept_pct", "2026-Q1")
    # 1 kept of 4 due, not the mean of 100% and 0%.
    assert (quarter.value, quarter.numerator, quarter.denominator) == (25.0, 1.0, 4.0)


def test_a_mean_is_recomputed_from_sum_and_count(key_org):
    factories.InteractionFactory(organisation=key_org, occurred_at=at(1, 5), sentiment=2)
    factories.InteractionFactory.create_batch(
        3, organisation=key_org, occurred_at=at(2, 5), sentiment=0
    )
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    assert company("average_sentiment", "2026-Q1").value == 0.5


def test_a_median_is_taken_over_the_whole_period(key_org):
    def resolved(month, days):
        opened = at(month, 1, 0)
        factories.IssueFactory(
            organisation=key_org,
            category=Issue.Category.SERVICE,
            opened_at=opened,
            resolved_at=opened + dt.timedelta(days=days),
        )

    for days in (1, 2, 3):
        resolved(1, days)
    resolved(2, 10)
    resolved(3, 20)
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    code = "median_issue_turnaround_days"
    assert [company(code, p).value for p in ("2026-01", "2026-02", "2026-03")] == [2, 10, 20]
    quarter = company(code, "2026-Q1")
    # The median of 1, 2, 3, 10, 20 — not the median of the months' medians (10).
    assert (quarter.value, quarter.denominator) == (3.0, 5.0)


def test_a_point_in_time_count_takes_the_last_month(key_org):
    factories.IssueFactory(organisation=key_org, opened_at=at(1, 5))
    factories.IssueFactory(organisation=key_org, opened_at=at(2, 5), resolved_at=at(3, 15))
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    values = [company("open_issues", p).value for p in ("2026-01", "2026-02", "2026-03")]
    assert values == [1, 2, 1]
    assert company("open_issues", "2026-Q1").value == 1
    assert company("open_issues", "2026").value is not None


def test_a_ratio_with_nothing_behind_it_is_no_data_not_zero(db):
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    assert company("commitments_kept_pct", "2026-02").value is None
    assert company("commitments_kept_pct", "2026-Q1").value is None
    assert company("median_issue_turnaround_days", "2026-Q1").value is None


def test_computing_twice_updates_the_same_rows(key_org):
    factories.IssueFactory(organisation=key_org, opened_at=at(2, 5))
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    first = Observation.objects.count()
    factories.IssueFactory(organisation=key_org, opened_at=at(2, 6))
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    assert Observation.objects.count() == first
    assert company("late_delivery_complaints_key_accounts", "2026-02").value == 2


def test_manual_values_roll_up_and_are_never_overwritten(admin_user):
    measure = Measure.objects.create(
        perspective=Perspective.objects.get(name="People"),
        name="Training days",
        code="training_days",
        unit="count",
        direction="higher_is_better",
        target=10,
        threshold=5,
        rollup=Measure.Rollup.SUM,
    )
    for month, value in (("2026-01", 2), ("2026-02", 3)):
        observation_enter(
            measure=measure, scope=COMPANY, period=parse(month), value=value, user=admin_user
        )
    scorecard_compute(periods=[Q1], scopes=[COMPANY])
    assert company("training_days", "2026-01").value == 2
    assert company("training_days", "2026-Q1").value == 5


def test_command_computes_a_quarter(db, capsys):
    call_command("compute_scorecard", "--period", "2026-Q1")
    assert "Computed 3 month(s)" in capsys.readouterr().out
    assert Observation.objects.filter(period="2026-Q1").exists()


def test_command_without_period_computes_current_and_previous_month(db, capsys):
    call_command("compute_scorecard")
    assert "Computed 2 month(s)" in capsys.readouterr().out


def test_command_refuses_a_bad_period(db):
    with pytest.raises(CommandError, match="not a period"):
        call_command("compute_scorecard", "--period", "2026-Q7")
