from django import template

from scorecard import sparkline as spark
from scorecard.alerts import format_value
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
    return "—" if value is None else format_value(measure, value)


@register.filter
def score(value):
    return "—" if value is None else f"{value:.0f}"


@register.filter
def status_label(status: str) -> str:
    return {"green": "Green", "amber": "Amber", "red": "Red"}.get(status, "No data")
