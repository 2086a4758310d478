"""Contact sync over HTTP: the changes feed and bulk upsert (docs/api-sync.md).

These views only translate HTTP to `stakeholders.sync` calls and back.
"""

import re

from django.core.exceptions import RequestDataTooBig
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.errors import ErrorSerializer, json_error
from stakeholders import sync


def _timestamp(value, tz):
    """ISO 8601 in the current time zone, as DRF's DateTimeField writes it."""
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def contact_change_representation(row: dict, tz) -> dict:
    """A feed row as the contract shapes it: a live contact or a tombstone."""
    if row["deleted"]:
        return {
            "id": row["id"],
            "external_id": row["external_id"],
            "deleted": True,
            "version": row["version"],
            "updated_at": _timestamp(row["updated_at"], tz),
        }
    data = {name: row[name] for name in sync.CONTACT_SYNC_FIELDS}
    data["created_at"] = _timestamp(row["created_at"], tz)
    data["updated_at"] = _timestamp(row["updated_at"], tz)
    data["deleted"] = False
    return data


_LIMIT = re.compile(r"[0-9]{1,4}")


_CHANGE_FIELDS = {
    "id": serializers.IntegerField(),
    "external_id": serializers.CharField(allow_null=True),
    "deleted": serializers.BooleanField(),
    "version": serializers.IntegerField(),
    "updated_at": serializers.DateTimeField(),
    "first_name": serializers.CharField(required=False),
    "last_name": serializers.CharField(required=False),
    "email": serializers.CharField(required=False),
    "phone": serializers.CharField(required=False),
    "job_title": serializers.CharField(required=False),
    "organisation": serializers.IntegerField(required=False, allow_null=True),
    "seniority": serializers.CharField(required=False),
    "influence": serializers.IntegerField(required=False, allow_null=True),
    "notes": serializers.CharField(required=False),
    "consent_marketing": serializers.BooleanField(required=False),
    "created_at": serializers.DateTimeField(required=False),
}


class ContactChangesView(APIView):
    """The contact changes feed: initial sync without `since`, incremental with it."""

    @extend_schema(
        operation_id="contacts_changes",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="next_cursor of a feed page (opaque)",
                pattern=r"^[A-Za-z0-9_-]{55}([A-Za-z0-9_-]{43})?$",
            ),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description="page size, 1 to 1000 (default 100)"
            ),
        ],
        responses={
            200: inline_serializer(
                "ContactChangesPage",
                {
                    "results": inline_serializer("ContactChange", _CHANGE_FIELDS, many=True),
                    "next_cursor": serializers.CharField(),
                    "has_more": serializers.BooleanField(),
                },
            ),
            400: ErrorSerializer,
            410: ErrorSerializer,
        },
    )
    def get(self, request):
        limit_text = request.query_params.get("limit", "100")
        if not _LIMIT.fullmatch(limit_text) or not 1 <= int(limit_text) <= sync.MAX_PAGE:
            return json_error(
                400, f"limit must be an integer from 1 to {sync.MAX_PAGE}.", "invalid_limit"
            )
        since_text = request.query_params.get("since")
        try:
            since = None if since_text is None else sync.Cursor.decode(since_text)
            page = sync.contacts_changed_since(
                user=request.user, since=since, limit=int(limit_text)
            )
        except sync.InvalidCursor as exc:
            return json_error(400, str(exc), "invalid_cursor")
        except sync.CursorExpired:
            return json_error(
                status.HTTP_410_GONE,
                "This cursor is too old: changes after it are no longer kept. "
                "Start again with a full sync (no since).",
                "cursor_expired",
            )
        tz = timezone.get_current_timezone()
        return Response(
            {
                "results": [contact_change_representation(row, tz) for row in page.rows],
                "next_cursor": page.next_cursor.encode(),
                "has_more": page.has_more,
            }
        )


_BULK_RESULTS = inline_serializer(
    "ContactBulkResults",
    {
        "results": inline_serializer(
            "ContactBulkItemResult",
            {
                "external_id": serializers.CharField(allow_null=True),
                "id": serializers.IntegerField(allow_null=True),
                # A plain string: an enum named after "status" would collide with others.
                "status": serializers.CharField(
                    help_text="created | updated | unchanged | conflict | error"
                ),
                "version": serializers.IntegerField(allow_null=True),
                "errors": serializers.DictField(child=serializers.ListField()),
            },
            many=True,
        ),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "conflicts": serializers.IntegerField(),
        "errors": serializers.IntegerField(),
    },
)


class ContactBulkView(APIView):
    """Create or update up to 1000 contacts matched on external_id."""

    @extend_schema(
        operation_id="contacts_bulk",
        parameters=[
            OpenApiParameter(
                "atomic", OpenApiTypes.BOOL, description="all or nothing (default false)"
            ),
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                # 1 to 255 printable ASCII characters, not starting or ending with a space.
                pattern=r"^[\x21-\x7e]([\x20-\x7e]{0,253}[\x21-\x7e])?$",
                description="retry safely: the same key and body replay the first response",
            ),
        ],
        request=inline_serializer(
            "ContactBulkRequest",
            {
                "contacts": serializers.ListField(
                    child=serializers.DictField(), min_length=1, max_length=1000
                )
            },
        ),
        responses={
            200: _BULK_RESULTS,
            400: PolymorphicProxySerializer(
                component_name="ContactBulkRejected",
                serializers=[_BULK_RESULTS, ErrorSerializer],
                resource_type_field_name=None,
            ),
            409: ErrorSerializer,
            413: ErrorSerializer,
            422: ErrorSerializer,
        },
    )
    def post(self, request):
        atomic_text = request.query_params.get("atomic", "false").lower()
        if atomic_text not in {"true", "false", "1", "0"}:
            return json_error(400, "atomic must be true or false.", "invalid_atomic")
        try:
            data = request.data
        except RequestDataTooBig:
            return json_error(
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                "The request body is too large; send fewer contacts per batch.",
                "body_too_large",
            )
        items = data.get("contacts") if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            return json_error(
                400, 'Send {"contacts": [...]} with 1 to 1000 contacts.', "invalid_batch"
            )
        if len(items) > sync.MAX_BATCH:
            return json_error(
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                f"A batch holds at most {sync.MAX_BATCH} contacts; split it.",
                "batch_too_large",
            )
        outcome = sync.contact_upsert_many(
            user=request.user, items=items, atomic=atomic_text in {"true", "1"}
        )
        body = {
            "results": [
                {
                    "external_id": r.external_id if isinstance(r.external_id, str) else None,
                    "id": r.id,
                    "status": r.status,
                    "version": r.version,
                    "errors": r.errors,
                }
                for r in outcome.results
            ],
            "created": outcome.count(sync.Status.CREATED),
            "updated": outcome.count(sync.Status.UPDATED),
            "unchanged": outcome.count(sync.Status.UNCHANGED),
            "conflicts": outcome.count(sync.Status.CONFLICT),
            "errors": outcome.count(sync.Status.ERROR),
        }
        return Response(body, status=200 if outcome.saved else 400)
