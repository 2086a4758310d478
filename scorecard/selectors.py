"""Reads of the scorecard: the dashboard for one period and scope, from stored observations.

`scorecard_for` costs a constant number of queries whatever the data size: the measures with
their perspectives, the scope's observations for the period and the twelve months before,
and the period's alerts. Nothing is computed from the operational tables here.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from scorecard import alert_work, scoring
from scorecard.models import Alert, Measure, Observation, Perspective
from scorecard.periods import Period
from scorecard.scopes import Scope

TREND_MONTHS = 12
ALERTS_LISTED = 20  # in the API's scorecard; alerts/ has them all
ALERT_GROUPS_SHOWN = 10
RESPONSE_RATE = "survey_response_rate"
# Survey figures are biased towards happy respondents: they are shown with the response rate.
SURVEY_BASED = frozenset({"total_score_theirs", "nps"})


@dataclass
class MeasureRow:
    measure: Measure
    value: float | None
    denominator: float | None
    score: float | None
    status: str
    trend: list[tuple[str, float | None]]
    response_rate: float | None = None
    records_url: str = ""

    @property
    def is_survey_based(self) -> bool:
        return self.measure.code in SURVEY_BASED


@dataclass
class PerspectiveBlock:
    perspective: Perspective
    measures: list[MeasureRow] = field(default_factory=list)
    score: float | None = None
    status: str = scoring.NO_DATA
    without_data: int = 0


@dataclass
class Dashboard:
    period: Period
    scope: Scope
    perspectives: list[PerspectiveBlock]
    alerts: list[Alert]
    alert_groups: list
    score: float | None
    status: str
    without_data: int
    trend_periods: list[Period]


def records_url(code: str, period: Period, scope: Scope) -> str:
    query = urlencode({"period": period.code, "scope": scope.code})
    return f"{reverse('scorecard_records', args=[code])}?{query}"


def scorecard_for(*, period: Period, scope: Scope, user) -> Dashboard:
    measures = list(Measure.objects.for_dashboard())
    months = period.last_months(TREND_MONTHS)
    found = {
        (o.measure_id, o.period): o
        for o in Observation.objects.for_scope(scope).filter(
            measure__in=[m.pk for m in measures],
            period__in={period.code, *(m.code for m in months)},
        )
    }
    response_measure = next((m for m in measures if m.code == RESPONSE_RATE), None)
    response = found.get((response_measure.pk, period.code)) if response_measure else None

    blocks: dict[int, PerspectiveBlock] = {}
    for measure in measures:
        obs = found.get((measure.pk, period.code))
        value = obs.value if obs else None
        rule = {
            "target": measure.target,
            "threshold": measure.threshold,
            "higher_is_better": measure.higher_is_better,
        }
        row = MeasureRow(
            measure=measure,
            value=value,
            denominator=obs.denominator if obs else None,
            score=scoring.measure_score(value=value, **rule),
            status=scoring.measure_status(value=value, **rule),
            trend=[
                (
                    m.code,
                    found[(measure.pk, m.code)].value if (measure.pk, m.code) in found else None,
                )
                for m in months
            ],
            response_rate=response.value if response and measure.code in SURVEY_BASED else None,
            records_url="" if measure.is_manual else records_url(measure.code, period, scope),
        )
        block = blocks.setdefault(measure.perspective_id, PerspectiveBlock(measure.perspective))
        block.measures.append(row)

    for block in blocks.values():
        combined = scoring.weighted_mean([(r.score, r.measure.weight) for r in block.measures])
        block.score, block.status = combined.score, combined.status
        block.without_data = combined.without_data
    overall = scoring.weighted_mean([(b.score, b.perspective.weight) for b in blocks.values()])
    alerts = list(
        Alert.objects.visible_to(user).for_dashboard(period, scope).select_related("measure")
    )
    return Dashboard(
        period=period,
        scope=scope,
        perspectives=list(blocks.values()),
        alerts=alerts[:ALERTS_LISTED],
        alert_groups=alert_work.group_by_measure(alerts)[:ALERT_GROUPS_SHOWN],
        score=overall.score,
        status=overall.status,
        without_data=sum(b.without_data for b in blocks.values()),
        trend_periods=months,
    )
