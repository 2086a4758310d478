import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests import factories
from trust.models import LoginThrottle


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600)
def test_repeated_failures_lock_the_username_out_with_a_clear_message(client, db):
    factories.UserFactory(username="amy")
    for _ in range(3):
        assert _login(client, "amy", "wrong").status_code == 200
    response = _login(client, "amy", "pw")
    assert response.status_code == 200
    assert (
        "Too many failed logins for this username. Try again in 10 minutes."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_MAX_FAILURES=3)
def test_a_success_before_the_limit_clears_the_count(client, db):
    factories.UserFactory(username="amy")
    _login(client, "amy", "wrong")
    _login(client, "amy", "wrong")
    assert _login(client, "amy", "pw").status_code == 302
    assert not LoginThrottle.objects.filter(username="amy").exists()


@override_settings(LOGIN_MAX_FAILURES=2)
def test_the_lock_is_per_username_and_ignores_case(client, db):
    factories.UserFactory(username="amy")
    factories.UserFactory(username="ben")
    _login(client, "AMY", "wrong")
    _login(client, "amy", "wrong")
    assert "Too many failed logins" in _login(client, "amy", "pw").content.decode()
    assert _login(client, "ben", "pw").status_code == 302


@override_settings(LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_SECONDS=600)
def test_the_lock_expires(client, db):
    factories.UserFactory(username="amy")
    _login(client, "amy", "wrong")
    _login(client, "amy", "wrong")
    LoginThrottle.objects.filter(username="amy").update(locked_until=timezone.now())
    assert _login(client, "amy", "pw").status_code == 302


@pytest.mark.parametrize("url", ["/admin/login/"])
@override_settings(LOGIN_MAX_FAILURES=2)
def test_the_admin_login_is_protected_too(client, db, url):
    factories.UserFactory(username="root", role="admin")
    for _ in range(2):
        client.post(url, {"username": "root", "password": "wrong"})
    response = client.post(url, {"username": "root", "password": "pw"})
    assert "Too many failed logins" in response.content.decode()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=600)
def test_failures_older_than_the_window_no_longer_count(client, db):
    factories.UserFactory(username="amy")
    _login(client, "amy", "wrong")
    _login(client, "amy", "wrong")
    LoginThrottle.objects.update(last_failure_at=timezone.now() - dt.timedelta(minutes=11))
    _login(client, "amy", "wrong")
    _login(client, "amy", "wrong")
    assert _login(client, "amy", "pw").status_code == 302


@override_settings(LOGIN_MAX_FAILURES=2)
def test_a_stranger_elsewhere_cannot_lock_the_user_out_of_their_own_desk(db):
    factories.UserFactory(username="amy")
    stranger, amy = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(3):
        _login(stranger, "amy", "guess")
    assert "Too many failed logins" in _login(stranger, "amy", "pw").content.decode()
    assert _login(amy, "amy", "pw").status_code == 302


@override_settings(LOGIN_MAX_FAILURES=2, TRUST_X_FORWARDED_FOR=True)
def test_behind_the_proxy_the_address_is_the_one_it_forwarded(db):
    factories.UserFactory(username="amy")
    stranger = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    amy = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.7")
    for _ in range(2):
        _login(stranger, "amy", "guess")
    assert "Too many failed logins" in _login(stranger, "amy", "pw").content.decode()
    assert _login(amy, "amy", "pw").status_code == 302


@override_settings(LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_SECONDS=600)
def test_housekeeping_removes_the_rows_that_no_longer_count(client, db):
    now = timezone.now()
    old = now - dt.timedelta(hours=1)
    LoginThrottle.objects.create(username="gone", address="a", failures=2, last_failure_at=old)
    LoginThrottle.objects.create(
        username="lapsed", address="a", last_failure_at=old, locked_until=old
    )
    LoginThrottle.objects.create(username="recent", address="a", failures=1, last_failure_at=now)
    LoginThrottle.objects.create(
        username="locked", address="a", last_failure_at=old, locked_until=now + dt.timedelta(1)
    )
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert set(LoginThrottle.objects.values_list("username", flat=True)) == {"recent", "locked"}
    assert "2 login throttles" in out.getvalue()
