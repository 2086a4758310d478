from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("relmap.api.urls")),
    path("", include("relmap.pages")),
    path("", include("stakeholders.urls")),
    path("", include("interventions.urls")),
    path("", include("scorecard.urls")),
]
