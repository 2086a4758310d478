"""Writes of the scorecard: computing, rolling up and alerting on stored observations."""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from scorecard import alert_work
from scorecard import alerts as alert_rules
from scorecard.metrics import NO_DATA, REGISTRY, Context, Result
from scorecard.models import Alert, Measure, Observation
from scorecard.periods import Period, current_month
from scorecard.scopes import Scope, all_scopes

Rollup = Measure.Rollup
ALERT_FIGURES = (
    "scope_name",
    "previous_period",
    "value",
    "previous_value",
    "relative_change",
    "severity",
    "severity_rank",
    "message",
)
# New alerts of quarters are announced to whoever answers for their scope, unless the quarter
# ended longer ago than this.
ANNOUNCED_KIND = "quarter"
ANNOUNCE_WITHIN = dt.timedelta(days=31)
_UPDATED = ["value", "numerator", "denominator", "period_kind", "period_start", "updated_at"]


@dataclass(frozen=True)
class ComputeSummary:
    months: int
    rolled_up: int
    observations: int
    alerts: int


def _observation(measure: Measure, scope: Scope, period: Period, result: Result, now):
    return Observation(
        measure=measure,
        scope_kind=scope.kind,
        scope_id=scope.id,
        period=period.code,
        period_kind=period.kind,
        period_start=period.start,
        value=result.value,
        numerator=result.numerator,
        denominator=result.denominator,
        created_at=now,
        updated_at=now,
    )


def _upsert(observations: list[Observation]) -> int:
    Observation.objects.bulk_create(
        observations,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["measure", "scope_kind", "scope_id", "period"],
        update_fields=_UPDATED,
    )
    return len(observations)


def _scope_filter(scopes: list[Scope], every_scope: bool) -> Q:
    if every_scope:
        return Q()
    return (
        Q(*[Q(scope_kind=s.kind, scope_id=s.id) for s in scopes], _connector=Q.OR)
        if scopes
        else Q(pk__in=[])
    )


def _entered_by_hand(measures, scopes, period: Period, every_scope: bool) -> set:
    """Keys of observations an administrator typed in: computing never overwrites them."""
    return set(
        Observation.objects.filter(
            _scope_filter(scopes, every_scope),
            measure__in=measures,
            period=period.code,
            entered_by__isnull=False,
        ).values_list("measure_id", "scope_kind", "scope_id")
    )


def _compute_month(ctx: Context, measures: list[Measure], month: Period, now) -> int:
    observations = []
    for measure in measures:
        results = REGISTRY[measure.source].compute(ctx, month)
        observations += [
            _observation(measure, scope, month, results.get(scope.key, NO_DATA), now)
            for scope in ctx.scopes
        ]
    return _upsert(observations)


def _combine(measure: Measure, months: list) -> Result:
    """Roll the months of one measure and scope (oldest first) into their quarter or year."""
    kind = measure.rollup_kind
    values = [o.value for o in months if o.value is not None]
    if kind == Rollup.LAST:
        last = months[-1]
        return Result(last.value, last.numerator, last.denominator)
    if not values:
        return NO_DATA
    if kind == Rollup.SUM:
        return Result(float(sum(values)))
    # Months with nothing behind them (no parts) add nothing to a ratio.
    parts = [o for o in months if o.numerator is not None and o.denominator is not None]
    if kind == Rollup.RATIO and parts:
        numerator = sum(o.numerator for o in parts)
        denominator = sum(o.denominator for o in parts)
        scale = (
            REGISTRY[measure.source].scale
            if measure.source in REGISTRY
            else (100.0 if measure.unit == Measure.Unit.PERCENT else 1.0)
        )
        value = scale * numerator / denominator if denominator else None
        return Result(value, numerator, denominator)
    # Values typed in by hand without their parts: the best left is the typical month.
    return Result(statistics.median(values) if kind == Rollup.MEDIAN else statistics.mean(values))


def _roll_up(ctx, measures, period: Period, every_scope: bool, now) -> int:
    this_month = current_month()
    months = [m for m in period.month_periods() if m <= this_month]
    by_key = defaultdict(list)
    # Plain rows, not model instances: there are measures × scopes × months of them.
    for obs in (
        Observation.objects.filter(
            _scope_filter(ctx.scopes, every_scope),
            measure__in=measures,
            period__in=[m.code for m in months],
        )
        .order_by("period_start")
        .values_list(
            "measure_id", "scope_kind", "scope_id", "value", "numerator", "denominator", named=True
        )
    ):
        by_key[(obs.measure_id, obs.scope_kind, obs.scope_id)].append(obs)
    by_hand = _entered_by_hand(measures, ctx.scopes, period, every_scope)
    observations = []
    for measure in measures:
        recompute = measure.rollup_kind == Rollup.MEDIAN and not measure.is_manual
        # A median is not made of its months' medians: take it over the whole period.
        results = REGISTRY[measure.source].compute(ctx, period) if recompute else None
        for scope in ctx.scopes:
            key = (measure.pk, scope.kind, scope.id)
            if key in by_hand:
                continue
            if results is not None:
                result = results.get(scope.key, NO_DATA)
            elif by_key[key]:
                result = _combine(measure, by_key[key])
            else:
                continue
            observations.append(_observation(measure, scope, period, result, now))
    return _upsert(observations)


def _detect_alerts(ctx, measures, period: Period, every_scope: bool) -> int:
    previous = period.previous()
    found = {}
    for obs in Observation.objects.filter(
        _scope_filter(ctx.scopes, every_scope),
        measure__in=measures,
        period__in=[period.code, previous.code],
    ).values_list(
        "measure_id", "scope_kind", "scope_id", "period", "value", "denominator", named=True
    ):
        found[(obs.measure_id, obs.scope_kind, obs.scope_id, obs.period)] = obs
    names = {scope.key: scope for scope in ctx.scopes}
    existing = {
        (a.measure_id, a.scope_kind, a.scope_id): a
        for a in Alert.objects.filter(
            _scope_filter(ctx.scopes, every_scope), measure__in=measures, period=period.code
        )
    }
    fresh, changed = [], []
    for measure in measures:
        for scope in ctx.scopes:
            now_obs = found.get((measure.pk, scope.kind, scope.id, period.code))
            before = found.get((measure.pk, scope.kind, scope.id, previous.code))
            if now_obs is None or before is None:
                continue
            finding = alert_rules.assess(measure, now_obs, before)
            if finding is None:
                continue
            figures = {
                "scope_name": names[scope.key].name,
                "previous_period": previous.code,
                "value": now_obs.value,
                "previous_value": before.value,
                "relative_change": finding.relative_change,
                "severity": finding.severity,
                "severity_rank": 2 if finding.severity == Alert.Severity.HIGH else 1,
                "message": alert_rules.message(measure, scope, period, now_obs.value, before.value),
            }
            alert = existing.pop((measure.pk, scope.kind, scope.id), None)
            if alert is None:
                fresh.append(
                    Alert(
                        measure=measure,
                        scope_kind=scope.kind,
                        scope_id=scope.id,
                        period=period.code,
                        **figures,
                    )
                )
            else:
                for name, value in figures.items():
                    setattr(alert, name, value)
                changed.append(alert)
    # What no longer holds goes, unless someone has begun working on it.
    untouched = [
        a.pk
        for a in existing.values()
        if a.status == Alert.Status.OPEN and a.assignee_id is None and not a.note
    ]
    Alert.objects.filter(pk__in=untouched).delete()
    Alert.objects.bulk_update(changed, [*ALERT_FIGURES], batch_size=1000)
    created = Alert.objects.bulk_create(fresh, batch_size=1000)
    if period.kind == ANNOUNCED_KIND and period.end >= timezone.localdate() - ANNOUNCE_WITHIN:
        # The quarter's alerts are announced (its months would say the same thing again);
        # alerts on periods long past (a first computation of history) tell no one.
        alert_work.announce(created)
    return len(fresh) + len(changed)


@contextmanager
def _without_jit():
    """PostgreSQL's JIT compiles each wide aggregate for longer (~0.3 s) than it then runs:
    switch it off for this session while computing."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        before = cursor.fetchone()[0]
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', %s, false)", [before])


def scorecard_compute(
    *, periods: Iterable[Period], scopes: list[Scope] | None = None
) -> ComputeSummary:
    """Compute and store the observations of every active measure for every month in
    `periods` (up to the current month) and every scope, roll them up into the quarters and
    years those months lie in, and detect alerts. Idempotent: running it again updates the
    same rows."""
    every_scope = scopes is None
    ctx = Context(all_scopes() if scopes is None else list(scopes))
    this_month = current_month()
    months = sorted({m for p in periods for m in p.month_periods() if m <= this_month})
    rolled = sorted({p for m in months for p in m.containing()})
    measures = list(Measure.objects.filter(active=True))
    computed = [m for m in measures if not m.is_manual and m.source in REGISTRY]
    now = timezone.now()
    stored = alerts = 0
    with _without_jit():
        for month in months:
            with transaction.atomic():
                stored += _compute_month(ctx, computed, month, now)
        for period in rolled:
            with transaction.atomic():
                stored += _roll_up(ctx, measures, period, every_scope, now)
        for period in months + rolled:
            with transaction.atomic():
                alerts += _detect_alerts(ctx, measures, period, every_scope)
    return ComputeSummary(len(months), len(rolled), stored, alerts)


@transaction.atomic
def observation_enter(
    *, measure: Measure, scope: Scope, period: Period, value: float, user
) -> Observation:
    """Store a value typed in by an administrator for a manual measure."""
    observation, _ = Observation.objects.update_or_create(
        measure=measure,
        scope_kind=scope.kind,
        scope_id=scope.id,
        period=period.code,
        defaults={
            "period_kind": period.kind,
            "period_start": period.start,
            "value": value,
            "numerator": None,
            "denominator": None,
            "entered_by": user,
            "updated_at": timezone.now(),
        },
    )
    return observation
