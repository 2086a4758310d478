"""Notifications: the bell, the list, opening one; e-mail through a real SMTP server on
loopback with an unsubscribe link that works without logging in; the fence."""

import email
import email.policy

import pytest
from django.core.management import call_command
from django.test import Client

from notifications import mail
from notifications.models import MailPreference, Notification
from notifications.services import notify, preferences_for
from tests import factories

pytestmark = pytest.mark.django_db


def _mails(smtp):
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in smtp.received]


def _notify_and_send(user, capture, **fields):
    """Notify `user`, then run the worker as production does. The worker closes stale
    connections between tasks, which would close a test transaction's: callers commit."""
    with capture(execute=True):
        notify(
            [user],
            kind=fields.pop("kind", "commitment_due"),
            message=fields.pop("message", "Send the price list is due tomorrow"),
            url=fields.pop("url", "/organisations/1/#commitments-h"),
            **fields,
        )
    call_command("worker", "--batch")


@pytest.mark.django_db(transaction=True)  # the worker runs: see _notify_and_send
def test_a_notification_arrives_by_mail_in_text_and_html(
    owner, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://relmap.example"
    _notify_and_send(owner, django_capture_on_commit_callbacks)
    (message,) = _mails(smtp_server)
    assert message["To"] == owner.email
    assert message["Subject"] == "Relmap: Send the price list is due tomorrow"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Open in Relmap: https://relmap.example/organisations/1/#commitments-h" in text
    assert 'href="https://relmap.example/organisations/1/#commitments-h"' in html
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://relmap.example/notifications/unsubscribe/")
    assert unsubscribe in text and unsubscribe in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(user=owner).emailed_at is not None


@pytest.mark.django_db(transaction=True)  # the worker runs: see _notify_and_send
def test_unsubscribing_stops_that_kind_of_mail_only(
    owner, smtp_server, django_capture_on_commit_callbacks
):
    link = mail.unsubscribe_url(owner, "commitment_due").removeprefix("http://127.0.0.1:8000")
    anonymous = Client(enforce_csrf_checks=True)
    asked = anonymous.get(link).content.decode()
    assert "Stop e-mails about" in asked and owner.email in asked
    # A mail client's one-click unsubscribe: a POST without any CSRF token.
    done = anonymous.post(link, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "no longer gets e-mails" in done.content.decode()
    preference = preferences_for(owner)
    assert (preference.commitment_due, preference.alert, preference.weekly_digest) == (
        False,
        True,
        True,
    )
    _notify_and_send(owner, django_capture_on_commit_callbacks)
    assert smtp_server.received == []
    # Still told in the app.
    assert Notification.objects.filter(user=owner).count() == 1


def test_a_bad_unsubscribe_link_is_a_clear_400(owner):
    token = mail.unsubscribe_token(owner, "alert")
    for bad in (token[:-3] + "xyz", "nonsense", mail.unsubscribe_token(owner, "is_superuser")):
        response = Client().post(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert not MailPreference.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker runs: see _notify_and_send
def test_the_mail_server_being_away_leaves_it_unsent(
    owner, settings, django_capture_on_commit_callbacks, unused_port, caplog
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": unused_port, "timeout": 2},
        }
    }
    _notify_and_send(owner, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(user=owner)
    assert notification.emailed_at is None and notification.read_at is None
    assert f"Could not send notification {notification.pk} by e-mail" in caplog.text


def test_mail_preferences_are_chosen_on_the_profile(client, owner):
    client.force_login(owner)
    page = client.get("/account/").content.decode()
    assert "Scorecard alerts on my scopes" in page and "The weekly digest" in page
    response = client.post("/account/mail/", {"conflict": "on", "fence_breach": "on"})
    assert response.status_code == 302
    preference = preferences_for(owner)
    assert (preference.conflict, preference.alert, preference.weekly_digest) == (True, False, False)


def test_the_bell_counts_and_the_list_opens(client, owner):
    notify(
        [owner], kind="alert", message="Open issues rising at 3 scopes", url="/scorecard/alerts/"
    )
    notify(
        [owner], kind="conflict", message="Field Sales plans a visit", url="https://evil.example/"
    )
    client.force_login(owner)
    bell = client.get("/notifications/bell/").content.decode()
    assert 'aria-label="Notifications: 2 unread"' in bell and '<span class="count">2</span>' in bell
    listing = client.get("/notifications/").content.decode()
    assert (
        "Open issues rising at 3 scopes" in listing and listing.count("<strong>new</strong>") == 2
    )
    first, second = Notification.objects.order_by("pk")
    opened = client.get(f"/notifications/{first.pk}/")
    assert opened.status_code == 302 and opened.url == "/scorecard/alerts/"
    # A link that leaves the site is not followed: the list instead.
    assert client.get(f"/notifications/{second.pk}/").url == "/notifications/"
    assert '<span class="count">' not in client.get("/notifications/bell/").content.decode()
    notify([owner], kind="alert", message="Another")
    client.post("/notifications/read/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_is_not_there(client, owner, teammate):
    (theirs,) = notify([teammate], kind="alert", message="For the teammate")
    client.force_login(owner)
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    assert "For the teammate" not in client.get("/notifications/").content.decode()


def test_the_fence_hides_what_one_may_no_longer_see(client, outsider, fenced_account):
    # Told while still allowed; the fence has risen since.
    notify(
        [outsider],
        kind="conflict",
        message="Zq secret plan at Fenced",
        root=fenced_account.organisation_id,
    )
    client.force_login(outsider)
    assert "Zq secret" not in client.get("/notifications/").content.decode()
    assert '<span class="count">' not in client.get("/notifications/bell/").content.decode()
    hidden = Notification.objects.get()
    assert client.get(f"/notifications/{hidden.pk}/").status_code == 404


def test_once_per_key_and_never_to_the_inactive(owner, teammate):
    teammate.is_active = False
    teammate.save()
    assert len(notify([owner, teammate], kind="alert", message="x", key="alert:1")) == 1
    assert notify([owner], kind="alert", message="x", key="alert:1") == []


@pytest.mark.parametrize("rows", [1, 10, 60])
def test_list_and_bell_query_counts_are_constant(client, owner, django_assert_num_queries, rows):
    for n in range(rows):
        notify([owner], kind="alert", message=f"Alert {n}", root=factories.OrganisationFactory().pk)
    client.force_login(owner)
    # session, user, role (the fence), the page of notifications
    with django_assert_num_queries(4):
        client.get("/notifications/")
    with django_assert_num_queries(4):
        client.get("/notifications/bell/")
