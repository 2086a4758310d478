"""`?format=csv` and `?format=xlsx` on every list: all the rows the filters select (not one
page), in the list's own fields, streamed. Errors stay JSON."""

import json

from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer

from core.spreadsheets import CSV, XLSX, spreadsheet_response

CHUNK = 2000
FORMATS = ("json", "csv", "xlsx")


class _SpreadsheetRenderer(BaseRenderer):
    """Chosen by `?format=`; the list answers with the file itself, so this never renders."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, accepted_media_type, renderer_context)


class CsvRenderer(_SpreadsheetRenderer):
    media_type = CSV
    format = "csv"


class XlsxRenderer(_SpreadsheetRenderer):
    media_type = XLSX
    format = "xlsx"
    charset = None


def _cell(value):
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


class ExportMixin:
    """A list view set that also answers as a spreadsheet."""

    def get_renderers(self):
        renderers = super().get_renderers()
        # A method the route does not take (no action) must reach its 405, not fail the
        # negotiation of `?format=csv` first with a 404.
        if getattr(self, "action", None) in ("list", None):
            renderers += [CsvRenderer(), XlsxRenderer()]
        return renderers

    def handle_exception(self, exc):
        # An error is JSON whatever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def list(self, request, *args, **kwargs):
        asked = request.query_params.get("format")
        if asked is not None and asked not in FORMATS:
            raise ValidationError({"format": ["One of json, csv or xlsx."]})
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt not in ("csv", "xlsx"):
            return super().list(request, *args, **kwargs)
        # Not paged, but the paging parameters are checked as for the list itself.
        if self.paginator is not None:
            self.paginator.check_parameters(request)
        queryset = self.filter_queryset(self.get_queryset())
        serializer = self.get_serializer()
        header = list(serializer.fields)
        rows = (
            [_cell(v) for v in serializer.to_representation(obj).values()]
            for obj in queryset.iterator(chunk_size=CHUNK)
        )
        name = request.path.rstrip("/").rsplit("/", 1)[-1]
        return spreadsheet_response(fmt, name, header, rows)
