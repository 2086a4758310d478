"""The registry of metric functions: each measure's `source` names one by its stable code.

It imports nothing of the scorecard, so models and metrics can both rely on it: the metric
functions register themselves (`scorecard/metrics/`) when the app is ready.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


NO_DATA = Result(None)


@dataclass(frozen=True)
class Metric:
    code: str
    # compute(context, period) → {scope key: Result}, for every scope of the context.
    compute: Callable
    rollup: str
    # How the rows relate to scopes (scorecard.metrics.scoping.Source).
    source: object
    # rows(period) → the queryset of the records behind the value.
    rows: Callable
    # value = scale * numerator / denominator, for measures that roll up as a ratio.
    scale: float = 1.0

    def records(self, scope, period):
        """The rows behind the measure's value for one scope and period."""
        where = self.source.scope_q(scope)
        rows = self.rows(period)
        return rows.filter(where) if where is not None else rows


REGISTRY: dict[str, Metric] = {}


def metric(code: str, *, rollup: str, source, rows, scale: float = 1.0):
    """Register a metric function under its stable code."""

    def register(fn):
        REGISTRY[code] = Metric(code, fn, rollup, source, rows, scale)
        return fn

    return register
