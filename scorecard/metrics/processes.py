"""The Processes & Systems perspective: complaints, their turnaround and escalations."""

import statistics
from datetime import timedelta

from django.db.models import F

from scorecard.metrics.rows import (
    escalated_issues,
    issues_acknowledged,
    issues_open_at_end,
    issues_resolved,
    late_deliveries_at_key_accounts,
)
from scorecard.metrics.scoping import ISSUES, Context, as_count, count
from scorecard.models import Measure
from scorecard.periods import Period
from scorecard.registry import Result, metric

Rollup = Measure.Rollup


@metric("open_issues", rollup=Rollup.LAST, source=ISSUES, rows=issues_open_at_end)
def open_issues(ctx: Context, period: Period) -> dict:
    """Issues open at the end of the period."""
    return ctx.aggregate(ISSUES, issues_open_at_end(period), as_count, n=count())


@metric(
    "median_issue_turnaround_days",
    rollup=Rollup.MEDIAN,
    source=ISSUES,
    rows=issues_resolved,
)
def median_issue_turnaround_days(ctx: Context, period: Period) -> dict:
    """Median days from opened to resolved, for issues resolved in the period."""
    rows = issues_resolved(period).values(
        "opened_at",
        "resolved_at",
        org_id=F("organisation_id"),
        root_id=F("organisation__root_id"),
        unit=F(ISSUES.unit_field),
    )
    day = timedelta(days=1)
    return {
        key: Result(
            statistics.median((r["resolved_at"] - r["opened_at"]) / day for r in found),
            None,
            float(len(found)),
        )
        for key, found in ctx.distribute(rows, "unit").items()
    }


@metric(
    "median_issue_acknowledgement_days",
    rollup=Rollup.MEDIAN,
    source=ISSUES,
    rows=issues_acknowledged,
)
def median_issue_acknowledgement_days(ctx: Context, period: Period) -> dict:
    """Median days from opened to our first public reply, for issues acknowledged in the
    period (the reports of the public feedback channel)."""
    rows = issues_acknowledged(period).values(
        "opened_at",
        "acknowledged_at",
        org_id=F("organisation_id"),
        root_id=F("organisation__root_id"),
        unit=F(ISSUES.unit_field),
    )
    day = timedelta(days=1)
    return {
        key: Result(
            statistics.median((r["acknowledged_at"] - r["opened_at"]) / day for r in found),
            None,
            float(len(found)),
        )
        for key, found in ctx.distribute(rows, "unit").items()
    }


@metric(
    "late_delivery_complaints_key_accounts",
    rollup=Rollup.SUM,
    source=ISSUES,
    rows=late_deliveries_at_key_accounts,
)
def late_delivery_complaints_key_accounts(ctx: Context, period: Period) -> dict:
    """Late-delivery issues opened in the period at key accounts."""
    return ctx.aggregate(ISSUES, late_deliveries_at_key_accounts(period), as_count, n=count())


@metric("escalations", rollup=Rollup.SUM, source=ISSUES, rows=escalated_issues)
def escalations(ctx: Context, period: Period) -> dict:
    """Issues escalated in the period."""
    return ctx.aggregate(ISSUES, escalated_issues(period), as_count, n=count())
