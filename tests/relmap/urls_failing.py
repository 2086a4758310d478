"""The real URLs plus pages that fail, to see the error pages people get."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path


def refused(request):
    raise PermissionDenied("Only the account's team may change this.")


def broken(request):
    raise RuntimeError("boom")


def suspicious(request):
    raise SuspiciousOperation("a forged header")


urlpatterns = [
    path("refused/", refused),
    path("broken/", broken),
    path("suspicious/", suspicious),
    path("api/v1/broken/", broken),
    path("", include("relmap.urls")),
]
