"""Capture's endpoint under /api/v1/ (mounted by relmap/api/urls.py)."""

from django.urls import path

from capture.api.capture import CaptureView
from core.api.routing import api_urls

urlpatterns = api_urls([path("capture/", CaptureView.as_view(), name="api_capture")])
