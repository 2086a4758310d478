"""The People perspective: how often and how well our people engage, and what they keep."""

from django.db.models import F, Q

from interventions.models import Commitment
from scorecard.metrics.rows import (
    all_accounts,
    commitments_due,
    interactions_at_accounts,
    interactions_in,
)
from scorecard.metrics.scoping import (
    COMMITMENTS,
    INTERACTIONS,
    Context,
    as_mean,
    as_percent,
    count,
    total,
)
from scorecard.models import Measure
from scorecard.periods import Period
from scorecard.registry import metric

Rollup = Measure.Rollup


@metric(
    "interactions_per_account",
    rollup=Rollup.RATIO,
    source=INTERACTIONS,
    rows=interactions_at_accounts,
)
def interactions_per_account(ctx: Context, period: Period) -> dict:
    """Interactions per account per month: interactions at accounts' organisations (and their
    divisions), over the number of accounts × months."""
    touches = ctx.aggregate(INTERACTIONS, interactions_at_accounts(period), lambda n: n, n=count())
    accounts = ctx.distribute(
        all_accounts(period).values(
            org_id=F("organisation_id"),
            root_id=F("organisation_id"),
            unit=F("manager__staff_profile__unit_id"),
        ),
        "unit",
    )
    return {
        key: as_mean(touches.get(key, 0), len(rows) * period.months)
        for key, rows in accounts.items()
    }


@metric("average_sentiment", rollup=Rollup.RATIO, source=INTERACTIONS, rows=interactions_in)
def average_sentiment(ctx: Context, period: Period) -> dict:
    """Mean interaction sentiment (−2 … +2) of those someone judged (not captured ones)."""
    return ctx.aggregate(
        INTERACTIONS,
        interactions_in(period),
        as_mean,
        num=total("sentiment"),
        den=count(Q(sentiment__isnull=False)),
    )


@metric(
    "commitments_kept_pct",
    rollup=Rollup.RATIO,
    source=COMMITMENTS,
    rows=commitments_due,
    scale=100,
)
def commitments_kept_pct(ctx: Context, period: Period) -> dict:
    """% of commitments due in the period that were kept on or before their due date."""
    kept = Q(status=Commitment.Status.KEPT, closed_at__date__lte=F("due_on"))
    return ctx.aggregate(
        COMMITMENTS, commitments_due(period), as_percent, num=count(kept), den=count()
    )
