"""List pagination: `{"count", "count_is_estimate", "next", "previous", "results"}`.

Pages follow each other by cursor (core/keyset.py): `next` and `previous` carry an opaque
`?cursor=`, and a page deep in a million rows costs what the first does. `?page=N` still works
for clients that ask for a page by number (by offset: the deeper, the slower). `?page_size=` up
to 1000. `count` is exact up to 10,000 rows and PostgreSQL's estimate beyond, flagged by
`count_is_estimate` (core/counting.py).
"""

from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core import counting, keyset

MAX_PAGE = 1_000_000


class Pagination(BasePagination):
    page_size = 50
    max_page_size = 1000
    page_query_param = "page"
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        # A page size that is not a positive integer is a 400, as the schema's minimum says,
        # rather than silently the default. A larger one is clamped, not refused.
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        "A positive integer, at most 1000 (larger is clamped)."
                    ]
                }
            )
        return min(int(text), self.max_page_size)

    def _page_number(self, request) -> int | None:
        text = request.query_params.get(self.page_query_param)
        if text is None:
            return None
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE:
            raise exceptions.NotFound("Invalid page.")
        return int(text)

    def check_parameters(self, request) -> tuple[int, int | None, str | None]:
        """The page size, page number and cursor asked for; a 400 (or 404 for a page number
        that cannot exist) for bad ones. Exports, which are not paged, check them too."""
        size = self.get_page_size(request)
        number = self._page_number(request)
        position = request.query_params.get(self.cursor_query_param)
        if number is not None and position is not None:
            raise exceptions.ValidationError(
                {self.cursor_query_param: ["Send either ?cursor= or ?page=, not both."]}
            )
        return size, number, position

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size, number, position = self.check_parameters(request)
        self.count, self.count_is_estimate = counting.count(queryset)
        if number is not None:
            return self._by_number(queryset, number, size)
        try:
            page = keyset.page(queryset, size, position)
        except keyset.BadCursor as error:
            raise exceptions.ValidationError({self.cursor_query_param: [str(error)]}) from error
        except ValueError:  # an order keyset paging cannot follow: pages by number
            return self._by_number(queryset, 1, size)
        url = remove_query_param(request.build_absolute_uri(), self.page_query_param)
        self.next = (
            replace_query_param(url, self.cursor_query_param, page.next_cursor)
            if page.next_cursor
            else None
        )
        self.previous = (
            replace_query_param(url, self.cursor_query_param, page.previous_cursor)
            if page.previous_cursor
            else None
        )
        return page.rows

    def _by_number(self, queryset, number, size):
        start = (number - 1) * size
        rows = list(queryset[start : start + size + 1])
        if number > 1 and not rows:
            raise exceptions.NotFound("Invalid page.")
        url = self.request.build_absolute_uri()
        self.next = (
            replace_query_param(url, self.page_query_param, number + 1)
            if len(rows) > size
            else None
        )
        if number == 1:
            self.previous = None
        elif number == 2:
            self.previous = remove_query_param(url, self.page_query_param)
        else:
            self.previous = replace_query_param(url, self.page_query_param, number - 1)
        return rows[:size]

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "count_is_estimate": self.count_is_estimate,
                "next": self.next,
                "previous": self.previous,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_is_estimate", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Exact up to 10,000; an estimate beyond (see "
                    "count_is_estimate).",
                },
                "count_is_estimate": {
                    "type": "boolean",
                    "description": "True when count is the database's estimate.",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: the opaque value from `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page by number (by offset; prefer following `next`).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": "Rows per page, 50 by default; more than 1000 is clamped.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
