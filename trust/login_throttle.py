"""Login protection: after a few failed attempts from one address, a username is locked out
there for a while.

The count lives in the database (not a per-process cache) so that it holds across several app
servers. A lock holds for one username from one client address: a stranger guessing from
elsewhere cannot lock the real user out of their own desk. Failures count within the lockout
window only, and the housekeeping command removes rows that no longer count.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from trust.models import LoginThrottle


def _limits() -> tuple[int, timedelta]:
    return settings.LOGIN_MAX_FAILURES, timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def client_address(request) -> str:
    """The address a request came from: the proxy's `X-Forwarded-For` entry where the proxy is
    trusted to set it (TRUST_X_FORWARDED_FOR), else the connection's own address."""
    if request is None:
        return ""
    if settings.TRUST_X_FORWARDED_FOR:
        # Our proxy appends the address it saw: the last entry is the one it vouches for.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


def login_locked_until(*, username: str, address: str):
    throttle = LoginThrottle.objects.filter(username=_key(username), address=address).first()
    return throttle.locked_until if throttle and throttle.is_locked() else None


@transaction.atomic
def login_record_failure(*, username: str, address: str) -> None:
    max_failures, window = _limits()
    now = timezone.now()
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(
        username=_key(username), address=address
    )
    # The row is locked: counting in Python is safe, and a count that lapsed starts again.
    if throttle.last_failure_at is None or throttle.last_failure_at < now - window:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= max_failures:
        throttle.locked_until = now + window
        throttle.failures = 0
    throttle.save()


def login_record_success(*, username: str, address: str) -> None:
    LoginThrottle.objects.filter(username=_key(username), address=address).delete()


def login_throttles_forget(*, now=None) -> int:
    """Delete the rows that no longer count: no lock in force and no failure in the window."""
    now = now or timezone.now()
    _, window = _limits()
    forgotten, _ = (
        LoginThrottle.objects.filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .filter(Q(last_failure_at__isnull=True) | Q(last_failure_at__lt=now - window))
        .delete()
    )
    return forgotten


LOCKED_MESSAGE = "Too many failed logins for this username. Try again in %(minutes)s minutes."


class ThrottleMixin:
    """Refuse locked usernames before checking the password; count failures; clear on success."""

    def clean(self):
        username = self.cleaned_data.get("username")
        address = client_address(self.request)
        if username:
            locked_until = login_locked_until(username=username, address=address)
            if locked_until:
                minutes = max(1, round((locked_until - timezone.now()).total_seconds() / 60))
                raise ValidationError(LOCKED_MESSAGE, code="locked", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                login_record_failure(username=username, address=address)
            raise
        login_record_success(username=username, address=address)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass
