"""API rate limiting: a budget of requests per token (per user for the browser's session).

Counts are kept in Django's cache. The default cache is per process, so with several gunicorn
workers or app servers the effective limit is that many times the setting; docs/api.md says so.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read at request time, so the setting can change without a restart of this module.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        # `request.auth` is the API token for token authentication, None for the session.
        if request.auth is not None:
            ident = f"token:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"anon:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _error_response(description: str, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def document_throttling(result, generator, request, public):
    """drf-spectacular hook: every operation can answer 429 with Retry-After, and 401 (no
    operation of the API is open to anonymous or revoked credentials)."""
    too_many = _error_response(
        "Too many requests: wait the number of seconds in Retry-After.",
        {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before trying again.",
            }
        },
    )
    unauthenticated = _error_response("No credentials, or a bad or revoked token.")
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("429", too_many)
                operation["responses"].setdefault("401", unauthenticated)
    return result
