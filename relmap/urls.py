from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from stakeholders.login import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm

admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("relmap.api.urls")),
    path("", include("relmap.pages")),
    path("", include("relmap.account_urls")),
    path("", include("stakeholders.urls")),
    path("", include("interventions.urls")),
    path("", include("scorecard.urls")),
]
