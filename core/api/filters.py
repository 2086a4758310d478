"""Query-parameter filters: strict about what they accept, so a filter sent is a filter meant."""

import datetime as dt

from django import forms
from django.db.models import Q
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

# The largest id a database key can hold; larger ids in filters are a 400, not a crash.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.Filter):
    """An integer id (of a foreign key or a many-to-many)."""

    field_class = IdField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned into UTC: PostgreSQL refuses offsets beyond ±15:59."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError("Date-time out of range.", code="invalid") from None


class IsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class StrictFilterSet(filters.FilterSet):
    """A filter sent is a filter meant: an empty or unreadable value is a 400, not silently
    no filter (text filters may match the empty string)."""

    def is_valid(self):
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            for value in values:
                if value == "" and not isinstance(filter_, filters.CharFilter):
                    self.form.add_error(name, "This filter needs a value.")
                    valid = False
                elif isinstance(filter_, filters.BooleanFilter) and value.lower() not in (
                    "true",
                    "false",
                ):
                    self.form.add_error(name, "Use true or false.")
                    valid = False
        return valid


class SearchFilterSet(StrictFilterSet):
    """`?search=` over the text fields in `search_fields`; `?updated_after=` on updated_at."""

    search_fields: tuple[str, ...] = ()

    search = filters.CharFilter(method="filter_search", max_length=200, label="Search")
    updated_after = IsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    def filter_search(self, queryset, name, value):
        query = Q()
        for term in value.split():
            term_query = Q()
            for field in self.search_fields:
                term_query |= Q(**{f"{field}__icontains": term})
            query &= term_query
        return queryset.filter(query)
