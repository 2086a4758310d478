"""The home page: an account manager's accounts, attention first; the dashboard for executives."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from relmap.account_health import HOME_LIMIT, home_accounts
from relmap.due import due_for
from scorecard import views as scorecard_views
from stakeholders import access


@require_GET
def home(request):
    # Executives read the scorecard weekly: it is their home page. Everyone else starts from
    # the accounts they hold.
    if access.role_of(request.user) == "executive":
        return scorecard_views.dashboard(request)
    accounts, more, showing_key_accounts = home_accounts(request.user)
    return render(
        request,
        "relmap/home.html",
        {
            "accounts": accounts,
            "more": more,
            "limit": HOME_LIMIT,
            "showing_key_accounts": showing_key_accounts,
            "due": due_for(request.user),
            "back": request.path,
        },
    )
