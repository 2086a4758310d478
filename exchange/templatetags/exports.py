"""`{% export_menu "contacts" query %}`: the Export menu of a list page, keeping its filters
(`query`, a query string); several kinds ("interactions,commitments") make one menu, and
`organisation=` keeps to one organisation and its divisions."""

from django import template
from django.http import QueryDict
from django.urls import reverse

from exchange.exports import TABLES

register = template.Library()


@register.inclusion_tag("exchange/_export_menu.html")
def export_menu(kinds: str, query: str = "", organisation=None):
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    if organisation is not None:
        params["organisation"] = organisation.pk
    suffix = f"?{params.urlencode()}" if params else ""
    links = [
        (
            TABLES[kind].label,
            reverse("export", args=[kind, "csv"]) + suffix,
            reverse("export", args=[kind, "xlsx"]) + suffix,
        )
        for kind in kinds.split(",")
    ]
    return {"links": links}
