"""A signed-in user's own API tokens: list, create (the key shown once) and revoke."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from trust.models import ApiToken
from trust.tokens import api_token_create, api_token_revoke

# A person keeps a handful; the page lists the latest this many.
TOKEN_LIMIT = 100


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        required=False,
        label="Name",
        help_text="What the token is for, e.g. “CRM sync on my laptop”.",
    )


def _page(request, *, form, key=None, created=None, status=200):
    tokens = list(ApiToken.objects.filter(user=request.user)[:TOKEN_LIMIT])
    return render(
        request,
        "relmap/account_tokens.html",
        {"tokens": tokens, "form": form, "key": key, "created": created},
        status=status,
    )


@require_GET
def account_tokens(request):
    return _page(request, form=ApiTokenForm())


@require_POST
def account_token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    # Rendered rather than redirected: the key exists only in this response.
    token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
    return _page(request, form=ApiTokenForm(), key=key, created=token)


@require_POST
def account_token_revoke(request, pk):
    # Someone else's token is not found: this page is about one's own.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, f"Revoked the token {token.prefix}…; requests with it now fail.")
    return redirect("account_tokens")
