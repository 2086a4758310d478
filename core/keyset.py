"""Keyset ("cursor") paging: a page starts after the last row of the one before, found by its
sort values rather than by counting rows off (OFFSET), so page 5,000 costs what page 1 does.

The order is the queryset's own (or its model's), made total by the primary key as the last
key, with NULLs last in both directions so every database agrees. A cursor names the sort
values of the row a page starts after (or, going back, before), signed so that it cannot be
forged or mistaken for another list's: it is opaque to clients.

The rows after a position are those greater in the first key, or equal in it and greater in
the second, and so on; a bound on the first key (`>=` or `<=`) lets the database start its
index scan there instead of at the top.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q

SALT = "relmap.keyset"
PREFIX = "_keyset_"


class BadCursor(ValueError):
    """A cursor that was not made by this list: changed, cut short, or for another order."""


@dataclass(frozen=True)
class Key:
    path: str
    descending: bool
    nullable: bool

    @property
    def alias(self) -> str:
        return PREFIX + self.path


def _field(model, path: str):
    *through, last = path.split("__")
    for part in through:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(last)


def keys_of(queryset) -> list[Key]:
    """The sort keys of `queryset`: its ordering (or its model's), then its primary key."""
    model = queryset.model
    ordering = list(queryset.query.order_by or model._meta.ordering or [])
    keys = []
    for item in ordering:
        if not isinstance(item, str) or item == "?":
            raise ValueError(f"keyset paging needs plain field names to sort by, not {item!r}")
        descending = item.startswith("-")
        path = item.lstrip("-")
        if path == "pk":
            path = model._meta.pk.name
        if path in queryset.query.annotations:
            keys.append(Key(path, descending, True))  # it may be NULL for all we know
            continue
        try:
            field = _field(model, path)
        except (FieldDoesNotExist, AttributeError) as error:
            raise ValueError(f"keyset paging cannot sort by {item!r}") from error
        if field.is_relation:
            path, field = f"{path}__{field.target_field.name}", field.target_field
        keys.append(Key(path, descending, field.null))
    pk = model._meta.pk.name
    if not any(k.path == pk for k in keys):
        keys.append(Key(pk, keys[-1].descending if keys else False, False))
    return keys


def ordered(queryset, keys: list[Key], *, backwards: bool = False):
    """`queryset` sorted by `keys` (reversed when going back), each key annotated so that the
    page's rows carry their own sort values."""
    queryset = queryset.annotate(**{k.alias: F(k.path) for k in keys})
    terms = []
    for key in keys:
        descending = key.descending != backwards
        expression = F(key.alias)
        if not key.nullable:
            # No NULLs to place: a plain direction, which any index on the column serves
            # (PostgreSQL will not read an ascending index backwards for DESC NULLS LAST).
            terms.append(expression.desc() if descending else expression.asc())
        elif backwards:
            # NULLs stay last going forwards, so they come first going back.
            terms.append(
                expression.desc(nulls_first=True)
                if descending
                else expression.asc(nulls_first=True)
            )
        else:
            terms.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
    return queryset.order_by(*terms)


def _beyond(key: Key, value, backwards: bool) -> Q | None:
    """Rows strictly beyond `value` in `key` alone (None: there are none)."""
    name = key.alias
    later = "lt" if key.descending else "gt"
    earlier = "gt" if key.descending else "lt"
    if not backwards:
        if value is None:
            return None  # NULLs come last: nothing is beyond them
        return Q(**{f"{name}__{later}": value}) | (
            Q(**{f"{name}__isnull": True}) if key.nullable else Q()
        )
    if value is None:
        return Q(**{f"{name}__isnull": False})
    return Q(**{f"{name}__{earlier}": value})


def _same(key: Key, value) -> Q:
    if value is None:
        return Q(**{f"{key.alias}__isnull": True})
    return Q(**{key.alias: value})


def beyond(keys: list[Key], values: list, *, backwards: bool = False) -> Q:
    """Rows after the position `values` in the order of `keys` (before it, `backwards`)."""
    condition = None
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        step = _beyond(key, value, backwards)
        if step is not None:
            term = equal & step
            condition = term if condition is None else condition | term
        equal &= _same(key, value)
    if condition is None:
        return Q(pk__in=[])
    first, value = keys[0], values[0]
    if not first.nullable and value is not None:
        # The bound an index scan can start from; the OR above then filters only its ties.
        going_up = first.descending == backwards
        condition &= Q(**{f"{first.alias}__{'gte' if going_up else 'lte'}": value})
    return condition


def _signature(keys: list[Key]) -> str:
    text = ",".join(("-" if k.descending else "") + k.path for k in keys)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


class _Exact(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, which would put a
    row's position between it and its neighbours."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def cursor(keys: list[Key], row, *, backwards: bool = False, number: int = 0) -> str:
    """The opaque cursor of the position of `row` (annotated by `ordered`); `number` is the
    page it leads to, for pages that show one."""
    values = [getattr(row, k.alias) for k in keys]
    payload = {"k": _signature(keys), "v": json.loads(json.dumps(values, cls=_Exact))}
    if backwards:
        payload["b"] = 1
    if number:
        payload["n"] = number
    return signing.dumps(payload, salt=SALT, compress=True)


def read_cursor(keys: list[Key], text: str) -> tuple[list, bool, int]:
    """The position a cursor names, whether it pages backwards and the number of the page it
    leads to (0 when not known); BadCursor otherwise."""
    try:
        payload = signing.loads(text, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor("This cursor is not valid: follow the next and previous links.") from error
    if not isinstance(payload, dict) or payload.get("k") != _signature(keys):
        raise BadCursor("This cursor belongs to another list or another order.")
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(keys):
        raise BadCursor("This cursor is not valid: follow the next and previous links.")
    number = payload.get("n", 0)
    return values, bool(payload.get("b")), number if isinstance(number, int) else 0


@dataclass
class Slice:
    rows: list
    has_next: bool
    has_previous: bool
    next_cursor: str | None
    previous_cursor: str | None
    number: int = 1  # the page's number counted from the first, as far as the cursor knows


def page(queryset, size: int, position: str | None) -> Slice:
    """One page of `queryset` of at most `size` rows from `position` (a cursor; None: the
    first page). Two queries at most: the rows, one more than asked to know if more follow."""
    keys = keys_of(queryset)
    if position is None:
        values, backwards, number = None, False, 1
    else:
        values, backwards, number = read_cursor(keys, position)
        number = max(number, 1)
    rows_query = ordered(queryset, keys, backwards=backwards)
    if values is not None:
        rows_query = rows_query.filter(beyond(keys, values, backwards=backwards))
    rows = list(rows_query[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = values is not None, more
    if backwards and not more:
        number = 1  # back at the start, whatever the count said
    return Slice(
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        next_cursor=cursor(keys, rows[-1], number=number + 1) if has_next and rows else None,
        previous_cursor=(
            cursor(keys, rows[0], backwards=True, number=max(number - 1, 1))
            if has_previous and rows
            else None
        ),
        number=number,
    )
