"""An object's audit history as people read it: when, who, from where, what changed.

Values that refer to other rows (an organisation, an owner) are shown by name, choices by their
label, fields Relmap keeps for itself (the hierarchy's root) not at all, and the source in words
(the request id stays at hand for support, in the title).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from core.paging import Page, page_of

HISTORY_PAGE = 20
# Kept by the services, never typed in: nothing a person did.
HIDDEN = frozenset({"root", "root_id"})
SOURCES = {"command:seed_demo": "Demo data", "command:import_data": "Import"}


@dataclass
class Change:
    field: str
    before: object
    after: object
    # Summaries and erasures record one value per key, not a [before, after] pair.
    paired: bool


def _field(model, name: str):
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model, name: str) -> str:
    field = _field(model, name)
    return str(field.verbose_name).capitalize() if field else name.replace("_", " ").capitalize()


def source_in_words(source: str) -> str:
    """ "request:ab12" → "Page or API", "command:createuser" → "Command “createuser”"."""
    if source in SOURCES:
        return SOURCES[source]
    kind, _, name = source.partition(":")
    if kind == "request":
        return "Page or API"
    if kind == "command":
        return f"Command “{name}”"
    return "—"


def _names(model, events) -> dict:
    """(related model, id) → the row's name, for every reference in `events` (one query per
    related model)."""
    wanted = defaultdict(set)
    for event in events:
        for name, value in event.changes.items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey) and isinstance(value, list):
                wanted[field.related_model].update(v for v in value if isinstance(v, int))
    return {
        (related, pk): str(row)
        for related, ids in wanted.items()
        for pk, row in related._base_manager.in_bulk(ids).items()
    }


def _shown(field, value, names):
    if value in (None, ""):
        return None
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), f"#{value}")
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _changes(model, changes: dict, names) -> list[Change]:
    rows = []
    for name, value in sorted(changes.items()):
        if name in HIDDEN:
            continue
        field = _field(model, name)
        if isinstance(value, list) and len(value) == 2 and name != "fields":
            before, after = (_shown(field, v, names) for v in value)
            rows.append(Change(_label(model, name), before, after, True))
        else:
            rows.append(Change(_label(model, name), value, None, False))
    return rows


def history_page(request, instance) -> Page:
    """One page of `instance`'s audit events, latest first: one query, and one for each kind
    of row the changes refer to, whatever their number.

    The caller decides whether the user may see `instance` at all.
    """
    page = page_of(instance.history(), request, per_page=HISTORY_PAGE, param="history")
    model = type(instance)
    names = _names(model, page.rows)
    for event in page.rows:
        event.change_list = _changes(model, event.changes, names)
        event.source_words = source_in_words(event.source)
    return page
