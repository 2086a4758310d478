"""Routing and the base view set of the REST API."""

from django.contrib.auth.decorators import login_not_required
from rest_framework import viewsets
from rest_framework.routers import DefaultRouter

from core.api.exports import ExportMixin


class Router(DefaultRouter):
    """No format suffixes (`.json`): the API speaks JSON only."""

    include_format_suffixes = False

    def __init__(self, *, root_view: bool = True):
        self.include_root_view = root_view
        super().__init__()


class ApiViewSet(ExportMixin, viewsets.ModelViewSet):
    """A resource: its list also answers `?format=csv` and `?format=xlsx` (core/api/exports)."""

    # Ids are integers; anything else under a resource is simply not found.
    lookup_value_regex = r"[0-9]+"


def api_urls(patterns: list) -> list:
    """`patterns`, each marked as answering 401 itself: LoginRequiredMiddleware must not
    redirect API clients to the login page."""
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns
