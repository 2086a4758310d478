"""The first sheet of a workbook read from its XML gives the values openpyxl gives: numbers,
dates and times by their style, shared and inline strings, booleans, formulas' cached results,
cells left out; and a sheet broken half-way is a message, not a crash."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from exchange.reading import BadFile, open_table
from exchange.workbook import FirstSheet

ROWS = [
    ["Name", "When", "Count", "Ratio", "Flag", "Day", "Gap", "Text"],
    ["Ann", dt.datetime(2025, 3, 4, 10, 30), 3, 2.5, True, dt.date(2024, 2, 29), None, "x"],
    ["Bob", "05/04/2025", -7, 1e-9, False, None, None, "  spaced  "],
    [None, None, None, None, None, None, None, None],
    ["Çé ünïcode", 45000, 12345678901, 0.1, None, dt.date(1999, 12, 31), 7, "=not a formula"],
]


def _book(write_only: bool) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    for row in ROWS:
        sheet.append(row)
    if not write_only:
        sheet["J2"] = "=1+1"
        sheet["A9"] = "after a gap"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _openpyxl_rows(data: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = {}
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if values:
            rows[number] = values
    return rows


@pytest.mark.parametrize("write_only", [False, True])
def test_values_are_those_openpyxl_reads(write_only):
    data = _book(write_only)
    sheet = FirstSheet(io.BytesIO(data), max_columns=200)
    ours = {}
    for number, values in sheet.rows():
        while values and values[-1] is None:
            values.pop()
        if values:
            ours[number] = values
    assert ours == _openpyxl_rows(data)
    assert ours[2][1] == dt.datetime(2025, 3, 4, 10, 30) and ours[5][2] == 12345678901
    if not write_only:
        assert ours[9] == ["after a gap"] and sheet.max_row == 9


def test_the_table_of_a_workbook_skips_blank_rows_and_counts_from_its_size():
    table = open_table("book.xlsx", _book(write_only=False))
    assert table.headers == ROWS[0] and table.total == 8
    rows = list(table.rows)
    assert [number for number, _ in rows] == [2, 3, 5, 9]
    assert rows[0][1][:3] == ["Ann", dt.datetime(2025, 3, 4, 10, 30), 3]


def test_a_sheet_broken_half_way_is_a_bad_file():
    data = _book(write_only=False)
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<row r="5"', b'<row r="5"><oops', 1)
            target.writestr(item, content)
    table = open_table("book.xlsx", broken.getvalue())
    with pytest.raises(BadFile, match="cannot be opened as an Excel workbook"):
        list(table.rows)
