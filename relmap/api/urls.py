"""REST API v1, mounted at /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("relmap.api.sync_urls")),
    path("", include("relmap.api.map_urls")),
    path("", include("scorecard.api_urls")),
]
