"""Mail to our people: every message in plain text and HTML, with a link (and the one-click
List-Unsubscribe headers of RFC 8058) that stops that kind of mail without logging in.

Mail goes through Django's default mailer, configured from the environment (relmap/settings.py:
EMAIL_BACKEND, EMAIL_HOST, …, DEFAULT_FROM_EMAIL). Links are absolute, from settings.SITE_URL.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

SALT = "relmap.notifications.unsubscribe"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user, what: str) -> str:
    """A signed, unguessable token naming the person and the kind of mail (a MailPreference
    field) it stops. It does not expire: an old message's link still works."""
    return signing.dumps([user.pk, what], salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, what = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(what, str):
        return None
    return user_id, what


def unsubscribe_url(user, what: str) -> str:
    return absolute(reverse("unsubscribe", args=[unsubscribe_token(user, what)]))


def message(user, *, subject: str, template: str, context: dict, what: str):
    """An e-mail to `user` from `template`.txt and `template`.html, which extend the mail
    layouts and receive `context` with the person, the site and the unsubscribe link."""
    link = unsubscribe_url(user, what)
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL.rstrip("/"),
        "unsubscribe_url": link,
        "unsubscribe_what": what,
    }
    mail = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    mail.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return mail
