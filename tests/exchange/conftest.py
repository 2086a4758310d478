"""Files as people have them, made in the test: `csv_bytes(rows, ...)` and `xlsx_bytes(rows)`."""

import csv
import io

import pytest
from openpyxl import Workbook

from tests.api.conftest import client_for  # noqa: F401  (API clients for the cast)


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = text.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def upload():
    """`upload(name, data)`: a file as a browser or client sends it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name, data, content_type="text/csv"):
        return SimpleUploadedFile(name, data, content_type=content_type)

    return make
