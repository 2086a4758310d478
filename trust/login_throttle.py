"""Login protection: after a few failed attempts a username is locked out for a while.

The count lives in the database (not a per-process cache) so that it holds across several app
servers. Locking is by username, not by address, so a guessing attack spread over many
addresses is stopped too; the lock is short so that it cannot be used to keep a user out for long.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from trust.models import LoginThrottle


def _limits() -> tuple[int, timedelta]:
    return settings.LOGIN_MAX_FAILURES, timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_locked_until(*, username: str):
    throttle = LoginThrottle.objects.filter(username=_key(username)).first()
    return throttle.locked_until if throttle and throttle.is_locked() else None


@transaction.atomic
def login_record_failure(*, username: str) -> None:
    max_failures, lockout = _limits()
    now = timezone.now()
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=_key(username))
    # Failures older than the lockout window no longer count towards the next lock.
    if throttle.last_failure_at and throttle.last_failure_at < now - lockout:
        throttle.failures = 0
    throttle.failures = F("failures") + 1
    throttle.last_failure_at = now
    throttle.save()
    throttle.refresh_from_db()
    if throttle.failures >= max_failures:
        throttle.locked_until = now + lockout
        throttle.failures = 0
        throttle.save(update_fields=["locked_until", "failures"])


def login_record_success(*, username: str) -> None:
    LoginThrottle.objects.filter(username=_key(username)).delete()


LOCKED_MESSAGE = "Too many failed logins for this username. Try again in %(minutes)s minutes."


class ThrottleMixin:
    """Refuse locked usernames before checking the password; count failures; clear on success."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            locked_until = login_locked_until(username=username)
            if locked_until:
                minutes = max(1, round((locked_until - timezone.now()).total_seconds() / 60))
                raise ValidationError(LOCKED_MESSAGE, code="locked", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                login_record_failure(username=username)
            raise
        login_record_success(username=username)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass
