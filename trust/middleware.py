"""Middleware of trust: no cache keeps personal data; every write is tied to its request."""

import re
import uuid

from django.utils.cache import patch_cache_control

from trust import audit_context

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class NoStoreMiddleware:
    """Pages and API answers for a signed-in user carry personal data: no cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or request.path.startswith("/api/")
        if personal and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class AuditContextMiddleware:
    """Tie every write during a request to its user and a request id (also sent back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        with audit_context.bind(source=f"request:{request_id}", request=request, user=None):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
