"""Paging without counting: fetch one row more than a page to know whether another follows.

An exact `COUNT(*)` over a big table on every page costs more than the page itself, and a
list needs only "is there a next page?".
"""

from dataclasses import dataclass


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool
    query: str = ""  # the request's other GET parameters, to keep filters on the pager links
    param: str = "page"

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    def _url(self, number: int) -> str:
        return f"?{self.query}&{self.param}={number}" if self.query else f"?{self.param}={number}"

    @property
    def next_url(self) -> str:
        return self._url(self.next_number)

    @property
    def previous_url(self) -> str:
        return self._url(self.previous_number)


# Deeper than anyone pages by hand, and small enough that OFFSET stays a valid bigint.
MAX_PAGE = 1_000_000


def page_number(request, param: str = "page") -> int:
    try:
        return min(max(int(request.GET.get(param, 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def page_of(queryset, request, *, per_page: int, param: str = "page") -> Page:
    number = page_number(request, param)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    others = request.GET.copy()
    others.pop(param, None)
    return Page(
        rows=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page,
        query=others.urlencode(),
        param=param,
    )
