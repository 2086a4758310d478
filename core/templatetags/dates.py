"""`{{ value|day }}` and `{{ value|moment }}`: dates and moments as <time> elements, written
the one way Relmap writes them (core/dates.py) and rewritten in the reader's locale by
core/static/core/dates.js."""

import datetime as dt

from django import template
from django.utils.html import format_html

from core.dates import _local, format_day, format_moment

register = template.Library()


@register.filter
def day(value):
    if value in (None, ""):
        return ""
    local = _local(value)
    iso = (local.date() if isinstance(local, dt.datetime) else local).isoformat()
    return format_html('<time datetime="{}" data-show="day">{}</time>', iso, format_day(value))


@register.filter
def moment(value):
    if value in (None, ""):
        return ""
    if not isinstance(value, dt.datetime):
        return day(value)
    return format_html(
        '<time datetime="{}" data-show="moment">{}</time>',
        _local(value).isoformat(),
        format_moment(value),
    )
