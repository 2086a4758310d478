"""Conditional requests on versioned resources: ETag, If-None-Match and If-Match."""

from django.db import transaction
from rest_framework import status
from rest_framework.response import Response

from core.api.errors import PreconditionFailed


def etag_of(instance) -> str:
    return f'"{instance.version}"'


def _etag_matches(header: str, etag: str) -> bool:
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in candidates or etag in candidates


class ConditionalMixin:
    """ETag from `version`; If-None-Match → 304; If-Match on writes → 412 on mismatch.

    The row is locked (SELECT … FOR UPDATE) between the If-Match check and the write, so of
    concurrent writers carrying the same If-Match exactly one succeeds.
    """

    def get_object(self):
        # By action, not method: OPTIONS reads the object under a cloned PUT request, outside
        # the write's transaction, and must neither lock it nor check If-Match.
        writing = self.action in ("update", "partial_update", "destroy")
        if writing:
            self.queryset_for_write = True
        instance = super().get_object()
        if_match = self.request.headers.get("If-Match")
        if if_match is not None and writing and not _etag_matches(if_match, etag_of(instance)):
            raise PreconditionFailed()
        return instance

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if getattr(self, "queryset_for_write", False):
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag = etag_of(instance)
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None and _etag_matches(if_none_match, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(self.get_serializer(instance).data, headers={"ETag": etag})

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)
