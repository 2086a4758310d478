"""The real URLs plus views that fail, to check that a 500 under /api/ is JSON too."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from rest_framework.decorators import api_view, permission_classes


@login_not_required
def plain_failure(request):
    raise RuntimeError("boom")


@api_view(["GET"])
@permission_classes([])
def api_failure(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/plain-failure/", plain_failure),
    path("api/v1/api-failure/", login_not_required(api_failure)),
    path("plain-failure/", plain_failure),
    path("", include("relmap.urls")),
]
