"""Scorecard endpoints under /api/v1/ (mounted by relmap/api/urls.py)."""

from django.urls import path

from core.api.routing import api_urls
from scorecard.api import alerts, measures, scorecard

alert_list = alerts.AlertViewSet.as_view({"get": "list"})
alert_detail = alerts.AlertViewSet.as_view({"get": "retrieve", "patch": "partial_update"})
measure_list = measures.MeasureViewSet.as_view({"get": "list"})
measure_detail = measures.MeasureViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update"}
)

urlpatterns = api_urls(
    [
        path("scorecard/", scorecard.ScorecardView.as_view(), name="api_scorecard"),
        path("alerts/", alert_list, name="api_alert_list"),
        path("alerts/<int:pk>/", alert_detail, name="api_alert_detail"),
        path("measures/", measure_list, name="api_measure_list"),
        path("measures/<int:pk>/", measure_detail, name="api_measure_detail"),
    ]
)
