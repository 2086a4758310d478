"""The timeline of an organisation's or a contact's page: their interactions, latest first."""

from core.paging import Page, page_of

TIMELINE_PAGE = 20


def timeline_page(request, interactions) -> Page:
    """One page of `interactions` (already narrowed to what the user may see), with what the
    timeline shows of each in a constant number of queries."""
    return page_of(
        interactions.select_related("organisation", "logged_by").prefetch_related(
            "contacts", "staff"
        ),
        request,
        per_page=TIMELINE_PAGE,
        param="timeline",
    )
