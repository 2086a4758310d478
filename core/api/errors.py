"""Errors under /api/ are always JSON: `{"detail", "code"}` or DRF's field map."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Bodies above this are refused before anything reads them.
MAX_BODY_BYTES = 10 * 1024 * 1024

STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    410: "gone",
    412: "precondition_failed",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "throttled",
    500: "server_error",
}


class ErrorSerializer(serializers.Serializer):
    """The shape of every error that is not a field map (for the schema)."""

    detail = serializers.CharField()
    code = serializers.CharField()


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed: its ETag no longer matches If-Match."
    default_code = "precondition_failed"


def validation_error_data(exc: DjangoValidationError):
    """A Django ValidationError as DRF's field map (`non_field_errors` for the whole object)."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [
                str(m) for e in errors for m in e.messages
            ]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """DRF's handler, taught the exceptions our services raise, with a `code` on every detail."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_data(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict("Other records still refer to this one; remove or reassign them first.")
    elif isinstance(exc, IntegrityError):
        exc = Conflict("This conflicts with an existing record.")
    elif isinstance(exc, DataError):
        exc = exceptions.ValidationError({"non_field_errors": ["A value is out of range."]})
    elif isinstance(exc, DjangoPermissionDenied) and str(exc):
        exc = exceptions.PermissionDenied(str(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data and "code" not in data:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if isinstance(exc, Http404):
            codes = "not_found"
        data["code"] = codes if isinstance(codes, str) else STATUS_CODES.get(response.status_code)
    elif isinstance(data, list):
        response.data = {"non_field_errors": data}
    return response


def json_error(status_code: int, detail: str, code: str | None = None) -> JsonResponse:
    """`{"detail", "code"}` with `status_code`: from views and middleware alike."""
    return JsonResponse(
        {"detail": detail, "code": code or STATUS_CODES.get(status_code, "error")},
        status=status_code,
    )


class ApiJsonErrorsMiddleware:
    """Turns the HTML errors Django itself produces under /api/ (unknown URL, 500) into JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return json_error(400, "Malformed Content-Length header.")
        if length > MAX_BODY_BYTES:
            return json_error(413, f"The request body is larger than {MAX_BODY_BYTES} bytes.")
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response):
            return response
        if response.status_code == 404:
            return json_error(404, "Not found.")
        if response.status_code >= 500:
            return json_error(response.status_code, "Server error.")
        return json_error(response.status_code, response.reason_phrase)

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, Http404):
            return json_error(404, "Not found.")
        logger.exception("Unhandled error on %s", request.path, exc_info=exception)
        return json_error(500, "Server error.")


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json") or isinstance(
        response, Response
    )
