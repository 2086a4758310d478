"""Scorecard endpoints under /api/v1/ (API views authenticate themselves: 401/403, not 302)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from scorecard import api

measure_list = api.MeasureViewSet.as_view({"get": "list"})
measure_detail = api.MeasureViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update"}
)

urlpatterns = [
    path("scorecard/", login_not_required(api.ScorecardView.as_view()), name="api_scorecard"),
    path("measures/", login_not_required(measure_list), name="api_measure_list"),
    path("measures/<int:pk>/", login_not_required(measure_detail), name="api_measure_detail"),
]
