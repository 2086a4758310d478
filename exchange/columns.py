"""Which column of a file holds which field: headers matched whatever their case, spaces,
hyphens, underscores and dots, under the names people give them."""

import re
from dataclasses import dataclass

_NOISE = re.compile(r"[\s\-_.:/()#]+")


def normalise(header: str) -> str:
    return _NOISE.sub("", str(header).lower())


@dataclass(frozen=True)
class Column:
    """A field a kind of row can take from a file, and the headers that name it."""

    field: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help: str = ""

    @property
    def names(self) -> frozenset[str]:
        return frozenset(normalise(n) for n in (self.field, self.label, *self.synonyms))


def guess_mapping(headers: list[str], columns: tuple[Column, ...]) -> list[str]:
    """For each header, the field it names ("" when none); each field is taken once, by the
    first header that names it."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        key = normalise(header)
        field = next((c.field for c in columns if key in c.names and c.field not in taken), "")
        taken.add(field)
        mapping.append(field)
    return mapping


def check_mapping(mapping: list[str], columns: tuple[Column, ...]) -> list[str]:
    """Problems with a mapping, in words: a required field no column gives, a field given twice."""
    problems = []
    known = {c.field for c in columns}
    chosen = [f for f in mapping if f]
    for field in sorted({f for f in chosen if chosen.count(f) > 1}):
        problems.append(f"Two columns are mapped to {_label(field, columns)}: choose one.")
    for field in chosen:
        if field not in known:
            problems.append(f"Unknown field {field!r}.")
    for column in columns:
        if column.required and column.field not in chosen:
            problems.append(f"No column gives {column.label}, which every row needs.")
    return problems


def _label(field: str, columns) -> str:
    return next((c.label for c in columns if c.field == field), field)
