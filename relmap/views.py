"""Pages that bring the apps together."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from stakeholders import access, selectors


@require_GET
def home(request):
    accounts = selectors.accounts_for(request.user)
    return render(
        request,
        "relmap/home.html",
        {"accounts": accounts, "role": access.role_of(request.user)},
    )
