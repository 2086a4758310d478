"""Unsubscribing from a kind of mail by the link every message carries: no login needed, the
signed token says who and what. GET asks, POST does it (mail clients' one-click unsubscribe
POSTs `List-Unsubscribe=One-Click` without a CSRF token, so the POST is exempt: the token is
what authorises it)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import mail
from notifications.models import MailPreference
from notifications.services import preferences_for, preferences_update

User = get_user_model()


def _label(what: str) -> str:
    return MailPreference._meta.get_field(what).verbose_name


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = mail.read_unsubscribe_token(token)
    user = None
    if found and found[1] in MailPreference.CHOICES:
        user = User.objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    what = found[1]
    done = request.method == "POST"
    if done:
        preferences_update(user=user, **{what: False})
    context = {
        "token": token,
        "what": _label(what),
        "email": user.email,
        "done": done,
        "already": not done and not preferences_for(user).wants(what),
    }
    return render(request, "notifications/unsubscribe.html", context)
