"""Scorecard endpoints under /api/v1/ (mounted by relmap/api/urls.py)."""

from django.urls import path

from core.api.routing import api_urls
from scorecard.api import measures, scorecard

measure_list = measures.MeasureViewSet.as_view({"get": "list"})
measure_detail = measures.MeasureViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update"}
)

urlpatterns = api_urls(
    [
        path("scorecard/", scorecard.ScorecardView.as_view(), name="api_scorecard"),
        path("measures/", measure_list, name="api_measure_list"),
        path("measures/<int:pk>/", measure_detail, name="api_measure_detail"),
    ]
)
