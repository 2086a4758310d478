import pytest
from django.test import override_settings
from django.urls import reverse

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
    from django.utils import timezone

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
