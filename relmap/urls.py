"""The root URLconf: the admin, sign-in, the API, and every page."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from relmap.trust import views as trust_views
from relmap.views import contacts, home, maps, organisations, search
from trust.login_throttle import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm

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
    # Pages that read from every app.
    path("", home.home, name="home"),
    path("relmap/", maps.relationship_map, name="relmap"),
    path("organisations/<int:pk>/map/", maps.account_map, name="account_map"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("search/", search.search_page, name="search"),
    # A signed-in user's own API tokens.
    path("account/tokens/", trust_views.account_tokens, name="account_tokens"),
    path("account/tokens/new/", trust_views.account_token_create, name="account_token_create"),
    path(
        "account/tokens/<int:pk>/revoke/",
        trust_views.account_token_revoke,
        name="account_token_revoke",
    ),
    # Each app's own pages.
    path("", include("stakeholders.urls")),
    path("", include("interventions.urls")),
    path("", include("exchange.urls")),
    path("", include("scorecard.urls")),
]
