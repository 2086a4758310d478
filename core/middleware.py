"""Requests no view should see: a NUL character in the path or the query string.

No stored value holds one (PostgreSQL's text cannot), so such a path names nothing (404) and
such a parameter is malformed (400). Refused here, once, instead of in every view and filter
that passes a URL's text to the database.
"""

from django.core.exceptions import BadRequest
from django.http import Http404

from core.api.errors import API_PREFIX, json_error

NUL = "\x00"
MALFORMED = "A query parameter holds a NUL character."


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith(API_PREFIX)
        if NUL in request.path_info:
            if api:
                return json_error(404, "Not found.")
            raise Http404("No such page.")
        if _holds_nul(request.GET):
            if api:
                return json_error(400, MALFORMED)
            raise BadRequest(MALFORMED)
        return self.get_response(request)


def _holds_nul(query) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in query.lists())
