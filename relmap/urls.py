"""The root URLconf: the admin, sign-in, the API, and every page."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from notifications import views as notification_mail
from relmap.trust import account
from relmap.trust import views as trust_views
from relmap.views import calendar, contacts, home, maps, notifications, organisations, search, site
from trust.login_throttle import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm

admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", site.favicon, name="favicon"),
    # Django's sign-in and password views at their usual addresses, in Relmap's templates.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        account.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password_reset/", account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("api/v1/", include("relmap.api.urls")),
    # Pages that read from every app.
    path("", home.home, name="home"),
    path("relmap/", maps.relationship_map, name="relmap"),
    path("organisations/<int:pk>/map/", maps.account_map, name="account_map"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("search/", search.search_page, name="search"),
    # A signed-in user's own profile and API tokens.
    path("account/", account.profile, name="profile"),
    path("account/mail/", account.profile_mail, name="profile_mail"),
    path("account/calendar/", account.profile_calendar, name="profile_calendar"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/bell/", notifications.bell, name="notification_bell"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_mail.unsubscribe,
        name="unsubscribe",
    ),
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
    path("", include("capture.urls")),
    path("", include("scorecard.urls")),
]
