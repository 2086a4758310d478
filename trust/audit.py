"""The audit trail: every write to an audited model leaves an event, in the same transaction.

Auditing sits in the ORM layer (the model's `save`/`delete` and its queryset's `bulk_create`,
`bulk_update`, `update`, `delete`), not in signals, so bulk writes are covered and no caller can
forget it: forms, the API, bulk upsert, the admin and management commands all write through
these methods. Who and from where come from `audit_context` (set per request by
`relmap.middleware.AuditContextMiddleware` and per command by `manage.py`).

Cascade deletes made by the database collector are not recorded row by row; the deleted parent is.
"""

import contextvars
import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router, transaction
from django.utils import timezone

from trust import audit_context

# Fields that change on every write or are computed: recorded nowhere, they would drown the rest.
ALWAYS_EXCLUDED = frozenset({"created_at", "updated_at", "version"})

# Django's bulk_update() runs through QuerySet.update(); its rows are recorded by bulk_update.
_inside_bulk_update = contextvars.ContextVar("relmap_audit_inside_bulk_update", default=False)


def _jsonable(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _fields(model) -> list:
    exclude = ALWAYS_EXCLUDED | set(getattr(model, "audit_exclude", ()))
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in exclude and f.attname not in exclude
    ]


def snapshot(instance) -> dict:
    # Only loaded values: reading a deferred field would query (and recurse through from_db).
    loaded = instance.__dict__
    return {f.attname: loaded[f.attname] for f in _fields(type(instance)) if f.attname in loaded}


def _diff(before: dict | None, after: dict) -> dict:
    if before is None:
        return {k: [None, _jsonable(v)] for k, v in after.items() if v not in (None, "")}
    return {
        k: [_jsonable(before.get(k)), _jsonable(v)] for k, v in after.items() if before.get(k) != v
    }


def _event(model, object_id, action, changes, ctx, actor, at):
    AuditEvent = apps.get_model("trust", "AuditEvent")
    return AuditEvent(
        at=at,
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        source=ctx.source[:200],
        action=action,
        model=model._meta.label_lower,
        object_id=str(object_id),
        changes=changes,
    )


def record(model, entries: list[tuple[object, str, dict]]) -> None:
    """Write events for (object id, action, changes) entries in one insert."""
    if not entries:
        return
    AuditEvent = apps.get_model("trust", "AuditEvent")
    ctx = audit_context.current()
    actor, at = ctx.actor(), timezone.now()
    alias = router.db_for_write(AuditEvent)
    if connections[alias].vendor != "postgresql":
        AuditEvent.objects.using(alias).bulk_create(
            [_event(model, oid, act, changes, ctx, actor, at) for oid, act, changes in entries],
            batch_size=2000,
        )
        return
    # A batch of a thousand contacts writes a thousand events: sent as three arrays (ids,
    # actions, changes as JSON text) rather than as model instances whose every value Django
    # prepares one by one, which cost more than writing the contacts themselves.
    quote = connections[alias].ops.quote_name
    columns = ", ".join(
        quote(AuditEvent._meta.get_field(name).column)
        for name in (
            "at",
            "actor",
            "actor_name",
            "source",
            "model",
            "object_id",
            "action",
            "changes",
        )
    )
    sql = (
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "
        "SELECT %s, %s, %s, %s, %s, e.object_id, e.action, e.changes::jsonb "
        "FROM unnest(%s::text[], %s::text[], %s::text[]) AS e (object_id, action, changes)"
    )
    params = [
        at,
        actor.pk if actor else None,
        actor.get_username() if actor else "",
        ctx.source[:200],
        model._meta.label_lower,
        [str(oid) for oid, _, _ in entries],
        [action for _, action, _ in entries],
        [json.dumps(changes, cls=DjangoJSONEncoder) for _, _, changes in entries],
    ]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)


def record_summary(model, action: str, ids: list) -> None:
    ids = [i for i in ids if i is not None]
    record(model, [("*", action, {"count": len(ids), "first_id": ids[:1], "last_id": ids[-1:]})])


def record_updates(model, objs, fields) -> None:
    """Record what `fields` of `objs` changed since they were loaded (for bulk writes that do
    not go through `save()`), then take the written values as the new baseline."""
    tracked = {f.attname for f in _fields(model)}
    names = [model._meta.get_field(f).attname for f in fields]
    entries = []
    for obj in objs:
        before = getattr(obj, "_audit_loaded", None) or {}
        changes = {
            n: [_jsonable(before.get(n)), _jsonable(getattr(obj, n))]
            for n in names
            if n in tracked and before.get(n) != getattr(obj, n)
        }
        if changes:
            entries.append((obj.pk, "update", changes))
    if audit_context.current().summarise_bulk:
        record_summary(model, "update", [oid for oid, _, _ in entries])
    else:
        record(model, entries)
    for obj in objs:
        obj._audit_loaded = snapshot(obj)


def record_creates(model, objs) -> None:
    """Record the creation of `objs` (written in bulk, their ids known) with their values,
    then take those as the baseline for later changes."""
    if audit_context.current().summarise_bulk:
        record_summary(model, "create", [o.pk for o in objs])
        for obj in objs:
            obj._audit_loaded = snapshot(obj)
        return
    entries = []
    for obj in objs:
        obj._audit_loaded = after = snapshot(obj)
        if obj.pk:
            entries.append((obj.pk, "create", _diff(None, after)))
    record(model, entries)


class AuditedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            record_creates(self.model, created)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            token = _inside_bulk_update.set(True)
            try:
                result = super().bulk_update(objs, fields, *args, **kwargs)
            finally:
                _inside_bulk_update.reset(token)
            record_updates(self.model, objs, fields)
        return result

    def update(self, **kwargs):
        tracked = {f.attname: f.name for f in _fields(self.model)}
        names = [self.model._meta.get_field(k).attname for k in kwargs]
        names = [n for n in names if n in tracked]
        if not names or _inside_bulk_update.get():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = {row["pk"]: row for row in self.values("pk", *names)}
            count = super().update(**kwargs)
            after = self.model._base_manager.filter(pk__in=list(before)).values("pk", *names)
            entries = []
            for row in after:
                old = before[row["pk"]]
                changes = {
                    n: [_jsonable(old[n]), _jsonable(row[n])] for n in names if old[n] != row[n]
                }
                if changes:
                    entries.append((row["pk"], "update", changes))
            record(self.model, entries)
        return count

    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            ids = list(self.values_list("pk", flat=True))
            result = super().delete()
            record(self.model, [(pk, "delete", {}) for pk in ids])
        return result


class AuditedModel(models.Model):
    """A model whose every write leaves an AuditEvent. `audit_exclude` names computed fields."""

    audit_exclude: tuple[str, ...] = ()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._audit_loaded = snapshot(instance)
        return instance

    def save(self, *args, **kwargs):
        adding = self._state.adding
        before = None if adding else getattr(self, "_audit_loaded", None)
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            after = snapshot(self)
            changes = _diff(before, after)
            if adding or changes:
                record(type(self), [(self.pk, "create" if adding else "update", changes)])
        self._audit_loaded = after

    def delete(self, *args, **kwargs):
        pk = self.pk
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            result = super().delete(*args, **kwargs)
            record(type(self), [(pk, "delete", {})])
        return result

    def history(self):
        AuditEvent = apps.get_model("trust", "AuditEvent")
        return AuditEvent.objects.filter(
            model=self._meta.label_lower, object_id=str(self.pk)
        ).select_related("actor")
