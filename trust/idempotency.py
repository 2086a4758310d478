"""Idempotency-Key for every POST under /api/v1/ (docs/api-sync.md, "Retries").

A client that retries a POST with the same `Idempotency-Key` gets the first response again
instead of a second write. The key is claimed by inserting a row (unique per user and key) in
its own committed transaction before the view runs; the view then runs in a transaction that
also stores its response in that row, so "the write happened" and "the response is stored"
commit together. A crash leaves the row in flight: it blocks retries (409) until
RELMAP_IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS have passed, and its write was rolled back.

Nothing secret is kept for replay: a view whose response carries a secret (a new API key) marks
it with `withhold_from_replay`, and the key is then remembered as used without its response; a
retry gets a clear 409 instead. Erasing a contact withholds every stored response that holds
its personal data (`idempotency_responses_withhold`).
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings

from core.api.errors import json_error
from trust.models import IdempotencyKey

API_PREFIX = "/api/v1/"
MAX_KEY_LENGTH = 255
REPLAYED_HEADER = "Idempotent-Replayed"
# Response headers worth replaying; cookies and per-request headers are not.
STORED_HEADERS = ("Content-Type", "Location", "ETag", "Last-Modified")


def _authenticated_user(request):
    """The user DRF's configured authenticators find, or None (the view then answers 401/403)."""
    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    try:
        user = Request(request, authenticators=authenticators).user
    except APIException:
        return None
    return user if user is not None and user.is_authenticated else None


def _request_hash(request, body: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(request.get_full_path().encode())
    digest.update(b"\n")
    digest.update(body)
    return digest.hexdigest()


def _is_stale(record: IdempotencyKey, now) -> bool:
    ttl = timedelta(hours=settings.RELMAP_IDEMPOTENCY_KEY_TTL_HOURS)
    in_flight_timeout = timedelta(seconds=settings.RELMAP_IDEMPOTENCY_IN_FLIGHT_TIMEOUT_SECONDS)
    if record.created_at < now - ttl:
        return True
    return record.state == IdempotencyKey.State.IN_FLIGHT and record.created_at < (
        now - in_flight_timeout
    )


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body), status=record.response_status)
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def withhold_from_replay(response):
    """Mark `response` as carrying a secret: it is never stored for replay."""
    response.withhold_from_replay = True
    return response


def _withheld() -> JsonResponse:
    return json_error(
        409,
        "This Idempotency-Key was already used, and its response held a secret or personal "
        "data that is not kept: it cannot be sent again. The first request was carried out.",
        "idempotency_response_withheld",
    )


def _in_flight() -> JsonResponse:
    return json_error(
        409,
        "A request with this Idempotency-Key is still being processed; retry shortly.",
        "idempotency_key_in_flight",
    )


def _claim(user, key: str, request_hash: str) -> tuple[IdempotencyKey | None, HttpResponse | None]:
    """Claim `key` for this request: (the claimed row, None) or (None, the answer to send)."""
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=user, key=key, request_hash=request_hash
            ), None
    except IntegrityError:
        pass
    now = timezone.now()
    with transaction.atomic():
        record = IdempotencyKey.objects.select_for_update().filter(user=user, key=key).first()
        if record is None:
            # Released a moment ago by a failed concurrent attempt: the client may retry.
            return None, _in_flight()
        if _is_stale(record, now):
            # Expired, or abandoned by a crash (whose write was rolled back).
            record.request_hash = request_hash
            record.state = IdempotencyKey.State.IN_FLIGHT
            record.response_status = None
            record.response_headers = {}
            record.response_body = b""
            record.created_at = now
            record.save()
            return record, None
    if record.request_hash != request_hash:
        return None, json_error(
            422, "This Idempotency-Key was used with a different request.", "idempotency_key_reused"
        )
    if record.state == IdempotencyKey.State.IN_FLIGHT:
        return None, _in_flight()
    if record.state == IdempotencyKey.State.WITHHELD:
        return None, _withheld()
    return None, _replay(record)


def _storable(response) -> bool:
    """Server errors and throttling are worth retrying, so they are not remembered."""
    return not response.streaming and response.status_code < 500 and response.status_code != 429


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get("Idempotency-Key")
        if key is None or request.method != "POST" or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            return json_error(
                400,
                f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters.",
                "invalid_idempotency_key",
            )
        user = _authenticated_user(request)
        if user is None:
            return self.get_response(request)
        try:
            body = request.body
        except RequestDataTooBig:
            return json_error(413, "The request body is too large.", "body_too_large")

        record, answer = _claim(user, key, _request_hash(request, body))
        if answer is not None:
            return answer
        try:
            with transaction.atomic():
                response = self.get_response(request)
                stored = _storable(response)
                if stored and getattr(response, "withhold_from_replay", False):
                    record.state = IdempotencyKey.State.WITHHELD
                    record.response_status = response.status_code
                    record.save(update_fields=["state", "response_status"])
                elif stored:
                    record.state = IdempotencyKey.State.COMPLETED
                    record.response_status = response.status_code
                    record.response_headers = {
                        name: response[name] for name in STORED_HEADERS if response.has_header(name)
                    }
                    record.response_body = response.content
                    record.save(
                        update_fields=[
                            "state",
                            "response_status",
                            "response_headers",
                            "response_body",
                        ]
                    )
                else:
                    # A failed attempt must leave nothing behind, so the retry starts clean.
                    transaction.set_rollback(True)
        except BaseException:
            IdempotencyKey.objects.filter(pk=record.pk).delete()
            raise
        if not stored:
            IdempotencyKey.objects.filter(pk=record.pk).delete()
        return response


def idempotency_keys_forget(*, created_before) -> int:
    """Delete the keys (and the responses kept for replay) older than `created_before`."""
    forgotten, _ = IdempotencyKey.objects.filter(created_at__lt=created_before).delete()
    return forgotten


def _encodings(value: str) -> list[bytes]:
    """How `value` appears as a JSON string in a stored body (with or without \\u escapes)."""
    return list(
        {
            json.dumps(value, ensure_ascii=False).encode(),
            json.dumps(value, ensure_ascii=True).encode(),
        }
    )


def idempotency_responses_withhold(*, values: Iterable[str]) -> int:
    """Withhold every stored response that holds one of `values` as a JSON string: the key
    stays used (a retry is not carried out twice) but its response is gone. Returns how many.

    Stored responses live RELMAP_IDEMPOTENCY_KEY_TTL_HOURS at most, so this reads a day's
    worth, a batch at a time.
    """
    needles = [encoded for value in values if value for encoded in _encodings(value)]
    if not needles:
        return 0
    matches = [
        pk
        for pk, body in IdempotencyKey.objects.filter(state=IdempotencyKey.State.COMPLETED)
        .values_list("pk", "response_body")
        .iterator(chunk_size=500)
        if any(needle in bytes(body) for needle in needles)
    ]
    return IdempotencyKey.objects.filter(pk__in=matches).update(
        state=IdempotencyKey.State.WITHHELD, response_body=b"", response_headers={}
    )
