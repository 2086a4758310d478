"""The Organisation perspective: coverage, levels, threading, dormancy and what they say."""

from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from scorecard.metrics.rows import (
    _account_facts,
    _covered,
    dormant_executive_relationships_rows,
    executive_relationships,
    key_accounts,
    their_answers,
    their_requests,
)
from scorecard.metrics.scoping import (
    ACCOUNTS,
    ASSESSMENTS,
    RELATIONSHIPS,
    Context,
    _both,
    as_mean,
    as_percent,
    count,
)
from scorecard.models import Measure
from scorecard.periods import Period
from scorecard.registry import Result, metric
from stakeholders.models import Assessment

Rollup = Measure.Rollup


@metric("key_account_coverage", rollup=Rollup.LAST, source=ACCOUNTS, rows=key_accounts, scale=100)
def key_account_coverage(ctx: Context, period: Period) -> dict:
    """% of key accounts with an active relationship at every tier their level needs."""
    return {
        key: as_percent(sum(_covered(r) for r in rows), len(rows))
        for key, rows in _account_facts(ctx, period).items()
    }


@metric(
    "key_accounts_at_target_level",
    rollup=Rollup.LAST,
    source=ACCOUNTS,
    rows=key_accounts,
    scale=100,
)
def key_accounts_at_target_level(ctx: Context, period: Period) -> dict:
    """% of key accounts whose current level ≥ target level."""
    return {
        key: as_percent(sum(r["current_level"] >= r["target_level"] for r in rows), len(rows))
        for key, rows in _account_facts(ctx, period).items()
    }


def single_threaded_rows(period: Period) -> QuerySet:
    return key_accounts(period).filter(holders=1)


@metric(
    "single_threaded_key_accounts",
    rollup=Rollup.LAST,
    source=ACCOUNTS,
    rows=single_threaded_rows,
)
def single_threaded_key_accounts(ctx: Context, period: Period) -> dict:
    """Count of key accounts where one person holds every relationship."""
    return {
        key: Result(float(sum(r["holders"] == 1 for r in rows)), None, float(len(rows)))
        for key, rows in _account_facts(ctx, period).items()
    }


@metric(
    "dormant_executive_relationships",
    rollup=Rollup.LAST,
    source=RELATIONSHIPS,
    rows=dormant_executive_relationships_rows,
)
def dormant_executive_relationships(ctx: Context, period: Period) -> dict:
    """Count of executive relationships with no interaction in 90 days."""
    # Fetched and handed out in Python, so that the NOT EXISTS runs once per relationship
    # rather than once per scope.
    rows = executive_relationships(period).values(
        "dormant",
        org_id=F("contact__organisation_id"),
        root_id=F("contact__organisation__root_id"),
        unit=F(RELATIONSHIPS.unit_field),
    )
    return {
        key: Result(float(sum(r["dormant"] for r in held)), None, float(len(held)))
        for key, held in ctx.distribute(rows, "unit").items()
    }


@metric(
    "survey_response_rate", rollup=Rollup.RATIO, source=ASSESSMENTS, rows=their_requests, scale=100
)
def survey_response_rate(ctx: Context, period: Period) -> dict:
    """% of assessment requests answered by the stakeholder side."""
    return ctx.aggregate(
        ASSESSMENTS,
        their_requests(period),
        as_percent,
        num=count(Q(assessed_at__isnull=False)),
        den=count(),
    )


_ANSWERED = [
    Case(When(**{f"{f}__isnull": False}, then=Value(1)), default=Value(0))
    for f in Assessment.SCORE_FIELDS
]
# One assessment's TOTAL: the mean of the scales it answered.
_TOTAL = ExpressionWrapper(
    sum((Coalesce(F(f), 0) for f in Assessment.SCORE_FIELDS), Value(0))
    * Value(1.0)
    / NullIf(sum(_ANSWERED, Value(0)), Value(0)),
    output_field=FloatField(),
)


@metric("total_score_theirs", rollup=Rollup.RATIO, source=ASSESSMENTS, rows=their_answers)
def total_score_theirs(ctx: Context, period: Period) -> dict:
    """Mean TOTAL score (1–5) of assessments by the stakeholder side."""
    has_scores = Q(
        *[Q(**{f"{f}__isnull": False}) for f in Assessment.SCORE_FIELDS], _connector=Q.OR
    )
    return ctx.aggregate(
        ASSESSMENTS,
        their_answers(period),
        as_mean,
        num=lambda scope: Sum(_TOTAL, filter=_both(has_scores, scope), output_field=FloatField()),
        den=count(has_scores),
    )


@metric("nps", rollup=Rollup.RATIO, source=ASSESSMENTS, rows=their_answers, scale=100)
def nps(ctx: Context, period: Period) -> dict:
    """Net promoter score from assessments that asked it: % promoters (9–10) − % detractors
    (0–6), from −100 to +100."""

    def finish(promoters, detractors, asked):
        return as_percent(promoters - detractors, asked)

    return ctx.aggregate(
        ASSESSMENTS,
        their_answers(period).filter(nps__isnull=False),
        finish,
        promoters=count(Q(nps__gte=9)),
        detractors=count(Q(nps__lte=6)),
        asked=count(),
    )
