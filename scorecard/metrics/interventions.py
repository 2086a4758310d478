"""The Interventions perspective: interventions run with one purpose, and what they achieved."""

from django.db.models import Q

from interventions.models import Intervention
from scorecard.metrics.rows import interventions_closed
from scorecard.metrics.scoping import INTERVENTIONS, Context, as_percent, count
from scorecard.models import Measure
from scorecard.periods import Period
from scorecard.registry import metric

Rollup = Measure.Rollup


@metric(
    "interventions_single_purpose_pct",
    rollup=Rollup.RATIO,
    source=INTERVENTIONS,
    rows=interventions_closed,
    scale=100,
)
def interventions_single_purpose_pct(ctx: Context, period: Period) -> dict:
    """% of interventions closed in the period with one purpose and a recorded outcome."""
    well_run = ~Q(purpose="") & (~Q(outcome_rating="") | ~Q(actual_outcome=""))
    return ctx.aggregate(
        INTERVENTIONS, interventions_closed(period), as_percent, num=count(well_run), den=count()
    )


@metric(
    "interventions_achieved_pct",
    rollup=Rollup.RATIO,
    source=INTERVENTIONS,
    rows=interventions_closed,
    scale=100,
)
def interventions_achieved_pct(ctx: Context, period: Period) -> dict:
    """% of interventions closed in the period rated achieved."""
    achieved = Q(outcome_rating=Intervention.OutcomeRating.ACHIEVED)
    return ctx.aggregate(
        INTERVENTIONS, interventions_closed(period), as_percent, num=count(achieved), den=count()
    )
