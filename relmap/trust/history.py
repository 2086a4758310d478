"""An object's audit history as people read it: when, who, from where, field: before → after."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from core.paging import Page, page_of

HISTORY_PAGE = 20


@dataclass
class Change:
    field: str
    before: object
    after: object
    # Summaries and erasures record one value per key, not a [before, after] pair.
    paired: bool


def _label(model, name: str) -> str:
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return str(field.verbose_name)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")


def _changes(model, changes: dict) -> list[Change]:
    rows = []
    for name, value in sorted(changes.items()):
        if isinstance(value, list) and len(value) == 2 and name != "fields":
            rows.append(Change(_label(model, name), value[0], value[1], True))
        else:
            rows.append(Change(_label(model, name), value, None, False))
    return rows


def history_page(request, instance) -> Page:
    """One page of `instance`'s audit events, latest first: one query whatever their number.

    The caller decides whether the user may see `instance` at all.
    """
    page = page_of(instance.history(), request, per_page=HISTORY_PAGE, param="history")
    model = type(instance)
    for event in page.rows:
        event.change_list = _changes(model, event.changes)
    return page
