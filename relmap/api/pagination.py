"""List pagination: `{"count", "next", "previous", "results"}`, `?page_size=` up to 1000."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A larger ?page_size= is clamped to this, not refused.
    max_page_size = 1000
