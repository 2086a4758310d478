from django import template

from scorecard import sparkline as spark
from scorecard.models import Measure

register = template.Library()


@register.simple_tag
def sparkline(row):
    return spark.sparkline(
        [v for _, v in row.trend], status=row.status, label=f"{row.measure.name}, 12 months"
    )


@register.filter
def measure_value(value, measure: Measure):
    """A value as the measure's unit reads: 72%, 4.5 days, 3, 0.42."""
    if value is None:
        return "—"
    if measure.unit == Measure.Unit.PERCENT:
        return f"{value:.0f}%"
    if measure.unit == Measure.Unit.DAYS:
        return f"{value:.1f} d"
    if float(value).is_integer() and measure.unit == Measure.Unit.COUNT or abs(value) >= 10:
        return f"{value:.0f}"
    return f"{value:.2f}"


@register.filter
def score(value):
    return "—" if value is None else f"{value:.0f}"
