"""The first sheet of an Excel workbook, row by row, read straight from its XML.

openpyxl reads the workbook's parts (shared strings, styles, the list of sheets); its
read-only worksheet is not used, because it parses the whole sheet once before the first row
when the file does not state the sheet's size (files written by many programs do not), and
then builds a descriptor-checked object for every cell: most of an import's time for a big
workbook. Here each cell is one small XML element turned into its value the way openpyxl
turns it (numbers, dates by their style, shared and inline strings, booleans, errors), and
each row is dropped from the parsed tree as soon as it has been read, so memory does not grow
with the sheet.
"""

from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

NS = f"{{{SHEET_MAIN_NS}}}"
SHEET_DATA, ROW, CELL, DIMENSION = f"{NS}sheetData", f"{NS}row", f"{NS}c", f"{NS}dimension"
VALUE, INLINE, TEXT, RUN = f"{NS}v", f"{NS}is", f"{NS}t", f"{NS}r"


class NoSheet(ValueError):
    pass


class FirstSheet:
    """`rows()`: (row number, values up to the last cell given) for each row the sheet holds;
    `max_row`: the last row the sheet says it uses (None when it does not say), known once the
    first row has been read."""

    def __init__(self, stream: BinaryIO, max_columns: int):
        reader = ExcelReader(stream, read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        path = next(
            (
                rel.target
                for _, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "worksheet" in rel.Type
            ),
            None,
        )
        if path is None:
            raise NoSheet
        self.archive = reader.archive
        self.path = path
        self.strings = reader.shared_strings
        self.dates = set(reader.wb._date_formats)
        self.durations = set(reader.wb._timedelta_formats)
        self.epoch = reader.wb.epoch
        self.max_columns = max_columns
        self.max_row = None

    def rows(self) -> Iterator[tuple[int, list]]:
        number = 0
        data = None
        with self.archive.open(self.path) as source:
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start":
                    if element.tag == SHEET_DATA:
                        data = element
                    continue
                if element.tag == ROW:
                    given = element.get("r")
                    number = int(float(given)) if given else number + 1
                    yield number, self._values(element)
                    element.clear()
                    if data is not None:
                        data.remove(element)
                elif element.tag == DIMENSION:
                    ref = element.get("ref") or ""
                    self.max_row = range_boundaries(ref)[3] if ":" in ref else None

    def _values(self, row) -> list:
        values: list = []
        column = 0
        for cell in row.iter(CELL):
            ref = cell.get("r")
            column = column_index_from_string(coordinate_from_string(ref)[0]) if ref else column + 1
            if column > self.max_columns:
                continue
            if len(values) < column:
                values.extend([None] * (column - len(values)))
            values[column - 1] = self._value(cell)
        return values

    def _value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            node = cell.find(INLINE)
            if node is None:
                return None
            plain = node.findtext(TEXT) or ""
            return plain + "".join(run.findtext(TEXT) or "" for run in node.iter(RUN))
        value = cell.findtext(VALUE) or None
        if value is None:
            return None
        if kind == "n":
            number = float(value) if "." in value or "E" in value or "e" in value else int(value)
            style = int(cell.get("s") or 0)
            if style in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value
