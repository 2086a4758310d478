"""List pagination: `{"count", "next", "previous", "results"}`, `?page_size=` up to 1000."""

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A larger ?page_size= is clamped to this, not refused.
    max_page_size = 1000

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        # A page size that is not a positive integer is a 400, as the schema's minimum says,
        # rather than silently the default.
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        "A positive integer, at most 1000 (larger is clamped)."
                    ]
                }
            )
        return min(int(text), self.max_page_size)

    def get_page_number(self, request, paginator):
        # DRF reads an empty ?page= as page 1; like any other unreadable page it is not found.
        if request.query_params.get(self.page_query_param) == "":
            raise exceptions.NotFound("Invalid page.")
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
