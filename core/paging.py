"""Paging for pages (the API's is core/api/pagination.py): by keyset cursor and without
counting.

Pages follow each other by an opaque `?cursor=` (core/keyset.py): page 500 of a big list costs
what page 1 does, and rows added or removed meanwhile are neither skipped nor shown twice. One
row more than a page is fetched to know whether another follows: an exact `COUNT(*)` over a
big table costs more than the page itself. The page's number travels inside the cursor, so the
pager can still say "Page 3". `?page=N` links (bookmarks, older pages) still work, by offset.
"""

from dataclasses import dataclass

from core import keyset


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool
    query: str = ""  # the request's other GET parameters, to keep filters on the pager links
    param: str = "page"
    next_position: str | None = None
    previous_position: str | None = None
    keyed: bool = False

    @property
    def cursor_param(self) -> str:
        return cursor_param(self.param)

    @property
    def has_previous(self) -> bool:
        return self.previous_position is not None if self.keyed else self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    def _url(self, name: str, value) -> str:
        return f"?{self.query}&{name}={value}" if self.query else f"?{name}={value}"

    @property
    def next_url(self) -> str:
        if self.keyed:
            return self._url(self.cursor_param, self.next_position)
        return self._url(self.param, self.next_number)

    @property
    def previous_url(self) -> str:
        if self.keyed:
            return self._url(self.cursor_param, self.previous_position)
        return self._url(self.param, self.previous_number)


# Deeper than anyone pages by hand, and small enough that OFFSET stays a valid bigint.
MAX_PAGE = 1_000_000


def cursor_param(param: str) -> str:
    return "cursor" if param == "page" else f"{param}_cursor"


def page_number(request, param: str = "page") -> int:
    try:
        return min(max(int(request.GET.get(param, 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def page_by_number(queryset, request, *, per_page: int, param: str = "page") -> Page:
    """The `?page=N` page of a short list whose order keyset paging cannot follow (one sorted
    by an aggregate, say)."""
    others = request.GET.copy()
    others.pop(param, None)
    return _by_number(queryset, request, per_page, param, others.urlencode())


def _by_number(queryset, request, per_page: int, param: str, query: str) -> Page:
    number = page_number(request, param)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(
        rows=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page,
        query=query,
        param=param,
    )


def page_of(queryset, request, *, per_page: int, param: str = "page") -> Page:
    """The page of `queryset` the request asks for: by `?cursor=` (`?<param>_cursor=`), by
    `?page=N` for old links, else the first. A cursor that is not valid (edited, or from
    another list) starts again from the first page rather than failing."""
    name = cursor_param(param)
    others = request.GET.copy()
    others.pop(param, None)
    others.pop(name, None)
    query = others.urlencode()
    if param in request.GET and name not in request.GET:
        return _by_number(queryset, request, per_page, param, query)
    try:
        found = keyset.page(queryset, per_page, request.GET.get(name) or None)
    except keyset.BadCursor:
        found = keyset.page(queryset, per_page, None)
    except ValueError:  # an order keyset paging cannot follow (a random one, say)
        return _by_number(queryset, request, per_page, param, query)
    return Page(
        rows=found.rows,
        number=found.number,
        has_next=found.has_next,
        query=query,
        param=param,
        next_position=found.next_cursor,
        previous_position=found.previous_cursor,
        keyed=True,
    )
