"""Mailboxes over IMAP against a real Dovecot: set up in the admin with an encrypted password,
read by `capture_imap` for what is new only, headers only, nothing marked read; failures are
kept on the mailbox and reported, never a crash."""

import datetime as dt
import imaplib

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from capture import secrets
from capture.imap import encode_folder
from capture.models import Mailbox
from interventions.models import Interaction
from tests import factories

pytestmark = pytest.mark.django_db

MAIL = """From: Chloe Petrov <chloe.petrov@acme-steel.example>
To: Alice Archer <alice.archer@northwind-freight.example>
Subject: {subject}
Date: Tue, 17 Nov 2026 09:13:58 +0000
Message-ID: <{subject_id}@acme-steel.example>
Content-Type: text/plain; charset=utf-8

{body}
"""


def _mail(subject: str, body: str = "Tuesday works.") -> bytes:
    return MAIL.format(subject=subject, subject_id=subject.replace(" ", "."), body=body).encode()


@pytest.fixture
def key(settings):
    settings.RELMAP_CAPTURE_KEY = [secrets.generate_key()]


@pytest.fixture
def mailbox(key, account, folder, cast):
    return Mailbox.objects.create(
        name="BCC Relmap",
        host=account["host"],
        port=account["port"],
        security="plain",
        username=account["username"],
        password_encrypted=secrets.encrypt(account["password"]),
        folder=folder,
    )


def test_capture_imap_takes_what_is_new_and_leaves_the_mail_unread(
    mailbox, deliver, imap, folder, capsys
):
    deliver(folder, _mail("Pallets booked"))
    deliver(folder, _mail("Invoice", body="x" * 2_000_000))
    call_command("capture_imap")
    assert "2 created" in capsys.readouterr().out
    assert sorted(Interaction.objects.values_list("summary", flat=True)) == [
        "Invoice",
        "Pallets booked",
    ]
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 2 and mailbox.uidvalidity and mailbox.last_error == ""
    assert mailbox.last_counts["created"] == 2

    # Nothing new: nothing fetched, nothing captured twice.
    call_command("capture_imap")
    assert "0 created" in capsys.readouterr().out
    deliver(folder, _mail("Follow-up"))
    call_command("capture_imap", "--mailbox", "BCC Relmap")
    assert "1 created" in capsys.readouterr().out
    assert Interaction.objects.count() == 3

    imap.select(encode_folder(folder), readonly=True)
    assert imap.uid("SEARCH", "UNSEEN")[1][0].split() == [b"1", b"2", b"3"]


def test_a_wrong_password_is_kept_on_the_mailbox_and_reported(mailbox, capsys):
    mailbox.password_encrypted = secrets.encrypt("not the password")
    mailbox.save()
    with pytest.raises(CommandError, match="1 mailbox"):
        call_command("capture_imap")
    mailbox.refresh_from_db()
    assert "password" in mailbox.last_error.lower() or "log" in mailbox.last_error.lower()
    assert "BCC Relmap:" in capsys.readouterr().err


def test_the_password_is_stored_encrypted_through_the_admin(key, admin_client, account):
    response = admin_client.post(
        "/admin/capture/mailbox/add/",
        {
            "name": "Alice's mailbox",
            "host": "127.0.0.1",
            "port": account["port"],
            "security": "plain",
            "username": account["username"],
            "password": account["password"],
            "folder": "INBOX",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Mailbox.objects.get()
    assert account["password"] not in stored.password_encrypted
    assert secrets.decrypt(stored.password_encrypted) == account["password"]


def test_the_admin_refuses_plain_imap_off_this_machine_and_a_mailbox_without_consent(
    key, admin_client, admin_user
):
    response = admin_client.post(
        "/admin/capture/mailbox/add/",
        {
            "name": "Remote",
            "host": "imap.example.com",
            "port": 143,
            "security": "plain",
            "username": "u",
            "password": "p",
            "folder": "INBOX",
            "owner": admin_user.pk,
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "only to 127.0.0.1" in text
    assert "only with their consent" in text
    assert not Mailbox.objects.exists()


def test_a_recreated_folder_is_read_again_without_duplicates(mailbox, deliver, dovecot, folder):
    deliver(folder, _mail("Pallets booked"))
    call_command("capture_imap")
    conn = imaplib.IMAP4(dovecot.host, dovecot.port)
    conn.login(dovecot.username, dovecot.password)
    conn.delete(encode_folder(folder))
    conn.create(encode_folder(folder))
    conn.append(encode_folder(folder), None, None, _mail("Pallets booked"))
    conn.append(encode_folder(folder), None, None, _mail("Another"))
    conn.logout()
    call_command("capture_imap")
    mailbox.refresh_from_db()
    assert mailbox.last_counts == {
        "created": 1,
        "updated": 0,
        "removed": 0,
        "skipped": 1,
        "unmatched": 0,
    }
    assert Interaction.objects.count() == 2


def test_the_admin_tests_the_connection_and_captures_now(mailbox, admin_client, deliver, folder):
    deliver(folder, _mail("Pallets booked"))
    listing = "/admin/capture/mailbox/"
    tested = admin_client.post(
        listing, {"action": "test_connection", "_selected_action": [mailbox.pk]}, follow=True
    )
    assert "BCC Relmap: connected; 1 messages in the folder." in tested.content.decode()
    captured = admin_client.post(
        listing, {"action": "capture_now", "_selected_action": [mailbox.pk]}, follow=True
    )
    assert "BCC Relmap: 1 created, 0 updated, 0 removed, 0 skipped, 0 unmatched." in (
        captured.content.decode()
    )
    mailbox.password_encrypted = secrets.encrypt("wrong")
    mailbox.save()
    failed = admin_client.post(
        listing, {"action": "test_connection", "_selected_action": [mailbox.pk]}, follow=True
    )
    assert "BCC Relmap: " in failed.content.decode() and "messagelist" in failed.content.decode()
    assert "connected;" not in failed.content.decode()


def test_consent_is_the_owners_and_another_folder_is_read_from_the_start(
    key, admin_client, account, admin_user
):
    ann = Mailbox.objects.create(
        name="Ann's",
        host="127.0.0.1",
        port=account["port"],
        security="plain",
        username=account["username"],
        password_encrypted=secrets.encrypt(account["password"]),
        owner=admin_user,
        consent_given_at="2026-11-01T10:00:00Z",
        uidvalidity=7,
        last_uid=42,
    )
    ben = factories.UserFactory(username="ben")
    form = {
        "name": "Ann's",
        "host": "127.0.0.1",
        "port": account["port"],
        "security": "plain",
        "username": account["username"],
        "folder": "Archive",
        "owner": ben.pk,
        "is_active": "on",
    }
    refused = admin_client.post(f"/admin/capture/mailbox/{ann.pk}/change/", form)
    assert refused.status_code == 200
    assert "only with their consent" in refused.content.decode()
    saved = admin_client.post(
        f"/admin/capture/mailbox/{ann.pk}/change/", form | {"owner_consents": "on"}
    )
    assert saved.status_code == 302
    ann.refresh_from_db()
    assert ann.owner == ben and ann.consent_given_at.date() != dt.date(2026, 11, 1)
    assert (ann.uidvalidity, ann.last_uid) == (None, 0)


def test_one_reader_at_a_time(mailbox, capsys):
    cache.add(f"relmap:capture:mailbox:{mailbox.pk}", "x")
    call_command("capture_imap")
    assert "BCC Relmap: skipped: BCC Relmap is being read already" in capsys.readouterr().out
    cache.delete(f"relmap:capture:mailbox:{mailbox.pk}")
