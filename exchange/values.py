"""Cell values as people type them: dates as ISO, dd/mm/yyyy or Excel serial numbers, yes and
no, numbers with a decimal comma. Each parser returns the value or raises CellError with a
message for the user."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone


class CellError(ValueError):
    pass


# Excel counts days from 30 December 1899 (its 1900 leap-year bug included).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Serial numbers from 1 January 1900 to 31 December 9999.
EXCEL_SERIALS = (1, 2_958_465)
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
TRUE = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "on"})
FALSE = frozenset({"no", "n", "false", "0", "nein", "non", "off"})


def text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def _excel_serial(value) -> dt.datetime:
    if not EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:
        raise CellError(f"{value} is not a date.")
    return EXCEL_EPOCH + dt.timedelta(days=float(value))


def moment(value) -> dt.datetime:
    """A date-time (a date alone is midnight), aware in the current time zone."""
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime.combine(value, dt.time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = _excel_serial(value)
    else:
        result = _parse_text_moment(text(value))
    if timezone.is_naive(result):
        result = timezone.make_aware(result)
    return result


def _parse_text_moment(raw: str) -> dt.datetime:
    if not raw:
        raise CellError("A date is needed.")
    if _NUMBER.fullmatch(raw) and "," not in raw:
        return _excel_serial(float(raw))
    match = _DMY.fullmatch(raw)
    try:
        if match:
            day, month, year, hour, minute, second = match.groups()
            return dt.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise CellError(
            f"“{raw[:40]}” is not a date: use 2026-03-31, 31/03/2026 or an Excel date."
        ) from None


def day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return moment(value).date()


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE or raw == "":
        return False
    raise CellError(f"“{raw[:40]}” is not yes or no.")


def integer(value, low: int, high: int) -> int:
    raw = text(value)
    try:
        number = int(Decimal(raw.replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise CellError(f"“{raw[:40]}” is not a whole number.") from None
    if not low <= number <= high:
        raise CellError(f"{number} is not between {low} and {high}.")
    return number


def decimal(value) -> Decimal:
    raw = text(value).replace(" ", "")
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        number = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise CellError(f"“{raw[:40]}” is not a number.") from None
    if not number.is_finite():
        raise CellError(f"“{raw[:40]}” is not a number.")
    return number


def choice(value, choices) -> str:
    """One of a TextChoices' values, typed as its value or its label, in any case."""
    raw = text(value).lower()
    for key, label in choices:
        if raw in (key.lower(), str(label).lower(), key.lower().replace("_", " ")):
            return key
    names = ", ".join(str(label) for _, label in choices)
    raise CellError(f"“{raw[:40]}” is not one of: {names}.")
