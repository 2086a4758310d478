"""Rows out as CSV or Excel files, streamed a row at a time so a million rows take no more
memory than ten, with spreadsheet formulas neutralised: a cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return is prefixed with `'`, so a spreadsheet shows it as text
instead of running it (CSV injection)."""

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV, "xlsx": XLSX}
# The Excel file is written to disk past this size (it must be complete before it is sent).
XLSX_IN_MEMORY = 8 * 1024 * 1024


def safe(value):
    """A cell's value, with text that a spreadsheet would read as a formula made harmless."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value):
    """A value a CSV cell or an Excel cell can hold: aware times in the local time zone."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return value


class _Echo:
    """A file whose write() hands the line back, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def _csv_lines(header: list[str], rows: Iterable[list]):
    writer = csv.writer(_Echo())
    # A byte order mark: Excel then reads the file as UTF-8.
    yield "\ufeff" + writer.writerow([safe(h) for h in header])
    for row in rows:
        yield writer.writerow([safe(_plain(v)) for v in row])


def _disposition(name: str, extension: str) -> str:
    return f'attachment; filename="{name}.{extension}"'


def spreadsheet_response(fmt: str, name: str, header: list[str], rows: Iterable[list]):
    """`rows` as a download in `fmt` ("csv" or "xlsx"), named `name` and today's date."""
    filename = f"{name}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(header, rows), content_type=CSV)
        response["Content-Disposition"] = _disposition(filename, "csv")
        return response
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    sheet.append([safe(h) for h in header])
    for row in rows:
        sheet.append([safe(_plain(v)) for v in row])
    # FileResponse closes it once sent.
    out = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115
    book.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX)
