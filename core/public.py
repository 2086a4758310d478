"""Pages for people without an account (the survey, the feedback channel): a plain layout in
our organisation's name (RELMAP_ORGANISATION_NAME), never kept by a shared cache."""

from django.conf import settings
from django.shortcuts import render


def public_page(request, template: str, context: dict | None = None, status: int = 200):
    response = render(
        request,
        template,
        {"organisation_name": settings.RELMAP_ORGANISATION_NAME, **(context or {})},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


def too_many(request, retry_after: int):
    """429: this address spent its budget for the page (trust.public_throttle)."""
    response = public_page(
        request, "public/too_many.html", {"retry_after": retry_after}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response
