"""Spreadsheets as people really have them: CSV in UTF-8 (with or without a byte order mark)
or Windows-1252, separated by commas, semicolons or tabs, and Excel workbooks (the first
sheet). Rows come one at a time, so memory does not grow with the file."""

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from openpyxl.utils.exceptions import InvalidFileException

from exchange.workbook import FirstSheet, NoSheet

# A leading run of the file is enough to tell text from binary and to find the separator.
SAMPLE_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"
# Excel pads sheets with empty columns and rows: a file never needs more columns than this.
MAX_COLUMNS = 200
MAX_CELL_CHARS = 20_000


class BadFile(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, for the user."""


@dataclass
class Table:
    """The header row and an iterator over the data rows: (row number in the file, cells)."""

    headers: list[str]
    rows: Iterator[tuple[int, list]]
    # Data rows in the file (blank ones included), for progress; an estimate for workbooks.
    total: int


def open_table(name: str, data: bytes | Callable[[], BinaryIO]) -> Table:
    """The table in `data`: the file's bytes, or a function that opens it anew (as a
    seekable binary stream) each time it is called, for a file read as it goes."""
    opener = data if callable(data) else (lambda: io.BytesIO(data))
    with opener() as stream:
        head = stream.read(SAMPLE_BYTES)
    if not head:
        raise BadFile("The file is empty.")
    if head.startswith(XLSX_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        return _workbook(opener())
    return _csv(opener, head)


def _encoding(opener, head: bytes) -> str:
    """UTF-8 when every byte decodes as UTF-8 (checked a chunk at a time), else Windows-1252."""
    if b"\x00" in head:
        raise BadFile("This is not a CSV or Excel file: it holds binary data.")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with opener() as stream:
            while piece := stream.read(1 << 20):
                decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        try:
            head.decode("cp1252")
        except UnicodeDecodeError:
            raise BadFile(
                "This file's text is neither UTF-8 nor Windows-1252: save it as CSV UTF-8."
            ) from None
        return "cp1252"
    return "utf-8-sig"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv(opener, head: bytes) -> Table:
    encoding = _encoding(opener, head)
    text = io.TextIOWrapper(opener(), encoding=encoding, errors="replace", newline="")
    first_line = text.readline()
    text.seek(0)
    reader = csv.reader(text, delimiter=_delimiter(first_line))
    try:
        headers = next(reader, None)
    except csv.Error as exc:
        raise BadFile(f"This file cannot be read as CSV: {exc}.") from None
    if not headers or not any(h.strip() for h in headers):
        raise BadFile("The file has no header row: its first line must name the columns.")
    if len(headers) > MAX_COLUMNS:
        raise BadFile(f"The file has {len(headers)} columns; at most {MAX_COLUMNS} are read.")
    total = _count_rows(opener, encoding, reader.dialect.delimiter)
    return Table(headers=[h.strip() for h in headers], rows=_csv_rows(reader), total=total)


def _count_rows(opener, encoding: str, delimiter: str) -> int:
    with io.TextIOWrapper(opener(), encoding=encoding, errors="replace", newline="") as text:
        try:
            return max(sum(1 for _ in csv.reader(text, delimiter=delimiter)) - 1, 0)
        except csv.Error as exc:
            raise BadFile(f"This file cannot be read as CSV: {exc}.") from None


def _csv_rows(reader) -> Iterator[tuple[int, list]]:
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, [cell[:MAX_CELL_CHARS] for cell in row]
    except csv.Error as exc:
        raise BadFile(f"Line {reader.line_num} cannot be read as CSV: {exc}.") from None


# What a broken workbook raises, while it is opened or as its rows are read.
_BROKEN = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError)
_NOT_EXCEL = "This file cannot be opened as an Excel workbook (.xlsx)."


def _workbook(stream: BinaryIO) -> Table:
    try:
        sheet = FirstSheet(stream, MAX_COLUMNS)
    except NoSheet:
        raise BadFile("The workbook has no sheet.") from None
    except _BROKEN:
        raise BadFile(_NOT_EXCEL) from None
    rows = sheet.rows()
    try:
        number, header_row = next(rows, (1, []))
    except _BROKEN:
        raise BadFile(_NOT_EXCEL) from None
    headers = [_cell_text(c) for c in header_row] if number == 1 else []
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise BadFile("The first sheet has no header row: its first row must name the columns.")
    total = max((sheet.max_row or 1) - 1, 0)
    return Table(headers=headers, rows=_sheet_rows(rows, len(headers)), total=total)


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def _sheet_rows(rows, width: int) -> Iterator[tuple[int, list]]:
    number = 1
    try:
        for number, row in rows:
            cells = row[:width]
            if any(c is not None and str(c).strip() for c in cells):
                yield number, ["" if c is None else c for c in cells]
    except _BROKEN:
        raise BadFile(f"{_NOT_EXCEL} Its rows stop being readable after row {number}.") from None
