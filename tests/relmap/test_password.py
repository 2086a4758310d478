"""Forgot password (request, e-mail, new password) and change password, in Relmap's pages."""

import re
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, override_settings

from tests import factories
from trust.login_throttle import ThrottledAuthenticationForm
from trust.models import AuditEvent

User = get_user_model()

NEW_PASSWORD = "quiet-harbour-lantern-42"
LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def amy(db):
    return factories.UserFactory(
        username="amy", first_name="Amy", last_name="Archer", email="amy@example.com"
    )


def own_style(response):
    """Relmap's stylesheet and none of the admin's; the strict CSP holds."""
    body = response.content.decode()
    assert "/static/relmap/relmap.css" in body
    assert "/static/admin/" not in body
    assert 'style="' not in body
    return body


def password_events(user):
    return list(
        AuditEvent.objects.filter(model="auth.user", object_id=str(user.pk)).values_list(
            "changes", flat=True
        )
    )


def ask_for_a_link(client, email="amy@example.com"):
    return client.post("/accounts/password_reset/", {"email": email})


def link_from_mail():
    (message,) = mail.outbox
    return LINK.search(message.body).group(1)


# --- the login page ---------------------------------------------------------------------------


def test_the_login_page_offers_forgot_password(client, db):
    response = client.get("/accounts/login/")
    body = own_style(response)
    assert '<a href="/accounts/password_reset/">Forgot password?</a>' in body
    assert isinstance(response.context["form"], ThrottledAuthenticationForm)


@override_settings(LOGIN_MAX_FAILURES=2)
def test_the_login_page_still_locks_out_repeated_failures(client, amy):
    for _ in range(2):
        client.post("/accounts/login/", {"username": "amy", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "amy", "password": "pw"})
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- asking for a link ------------------------------------------------------------------------


def test_the_request_page_asks_for_an_email_in_relmaps_style(client, db):
    response = client.get("/accounts/password_reset/")
    assert response.status_code == 200
    body = own_style(response)
    assert "<h1>Forgot your password?</h1>" in body
    assert '<label for="id_email">Email' in body
    assert "Send the link" in body


def test_a_known_address_gets_a_plain_text_mail_with_a_link(client, amy):
    response = ask_for_a_link(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    (message,) = mail.outbox
    assert message.to == ["amy@example.com"]
    assert message.subject == "Set a new Relmap password"
    assert message.from_email == "relmap@localhost"
    assert message.body.startswith("Hello Amy Archer,")
    assert "Your username, in case you have forgotten it: amy" in message.body
    assert LINK.search(message.body)
    assert "<" not in message.body and "&#x27;" not in message.body
    assert not message.alternatives


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, amy):
    known = ask_for_a_link(client)
    unknown = ask_for_a_link(Client(), email="nobody@example.com")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    done = client.get("/accounts/password_reset/done/")
    body = own_style(done)
    assert "If a Relmap account uses the address you gave" in body


class RefusingMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("the relay is down")


def test_a_mail_server_that_fails_looks_the_same_to_the_visitor(client, amy, settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingMailServer"}}
    response = ask_for_a_link(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []
    assert "Failed to send password reset email" in caplog.text


def test_a_malformed_address_is_a_400_and_sends_nothing(client, amy):
    response = ask_for_a_link(client, email="not an address")
    assert response.status_code == 400
    assert "Enter a valid email address." in own_style(response)
    assert mail.outbox == []


# --- setting a new password from the link -----------------------------------------------------


def test_the_link_sets_a_new_password_that_logs_in(client, amy):
    ask_for_a_link(client)
    opened = client.get(link_from_mail())
    # Django moves the token out of the address before showing the form.
    assert opened.status_code == 302
    form_url = opened["Location"]
    page = client.get(form_url)
    assert page.status_code == 200
    body = own_style(page)
    assert "<h1>Set a new password</h1>" in body and "<strong>amy</strong>" in body
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"
    complete = client.get("/accounts/reset/done/")
    assert "<h1>Your password is set</h1>" in own_style(complete)
    assert Client().login(username="amy", password=NEW_PASSWORD)
    assert not Client().login(username="amy", password="pw")
    assert password_events(amy) == [{"password": "reset by e-mail link"}]


@pytest.mark.parametrize(
    ("first", "second", "error"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "x", "The two password fields didn’t match."),
        ("12345678", "12345678", "This password is too common."),
        ("amyarcher", "amyarcher", "The password is too similar to the"),
    ],
)
def test_a_bad_new_password_is_a_400_and_changes_nothing(client, amy, first, second, error):
    ask_for_a_link(client)
    form_url = client.get(link_from_mail())["Location"]
    response = client.post(form_url, {"new_password1": first, "new_password2": second})
    assert response.status_code == 400
    assert error in own_style(response)
    assert Client().login(username="amy", password="pw")
    assert password_events(amy) == []


def test_a_used_link_no_longer_works(client, amy):
    ask_for_a_link(client)
    link = link_from_mail()
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link)
    assert again.status_code == 400
    body = own_style(again)
    assert "<h1>This link no longer works</h1>" in body
    assert '<a href="/accounts/password_reset/">Ask for a new link</a>' in body


def test_a_mangled_link_is_a_400(client, amy):
    ask_for_a_link(client)
    link = link_from_mail()
    assert client.get(link[:-3] + "xx/").status_code == 400
    assert client.get("/accounts/reset/not-a-user/set-password/").status_code == 400
    response = client.post(
        "/accounts/reset/not-a-user/set-password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert Client().login(username="amy", password="pw")


# --- changing one's password ------------------------------------------------------------------


def test_changing_the_password_needs_a_login(client, db):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_signed_in_user_changes_their_password_and_stays_signed_in(client, amy):
    client.force_login(amy)
    page = client.get("/accounts/password_change/")
    body = own_style(page)
    assert "<h1>Change your password</h1>" in body
    for label in ("Old password", "New password", "New password confirmation"):
        assert f">{label}</label>" in body
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "pw", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"
    done = client.get("/accounts/password_change/done/")
    assert "<h1>Your password is changed</h1>" in own_style(done)
    assert client.get("/").status_code == 200
    assert Client().login(username="amy", password=NEW_PASSWORD)
    assert password_events(amy) == [{"password": "changed by its user"}]


def test_a_wrong_old_password_is_a_400_and_changes_nothing(client, amy):
    client.force_login(amy)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "Your old password was entered incorrectly." in own_style(response)
    assert Client().login(username="amy", password="pw")
    assert password_events(amy) == []
