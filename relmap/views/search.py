"""The global search page, behind the search box on every page (`/` focuses it)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from relmap.search import MIN_LENGTH, search

MAX_QUERY = 200


@require_GET
def search_page(request):
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    groups = search(request.user, query) if query else []
    return render(
        request,
        "relmap/search.html",
        {"query": query, "groups": groups, "min_length": MIN_LENGTH},
    )
