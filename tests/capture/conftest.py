"""The capture tests' fixtures: a real Dovecot for the IMAP tests (tests/capture/dovecot.py),
one per test process, so each pytest-xdist worker has its own, on its own ports, and each test
its own folder; and the cast: our people at Northwind Freight, their contacts at Acme Steel (a
fenced key account whose team is Alice) and Contoso (no account)."""

import imaplib
import os
import ssl
import uuid
from email.message import EmailMessage

import pytest

from capture.imap import encode_folder
from tests import factories
from tests.capture.dovecot import Dovecot, find_binary


@pytest.fixture(scope="session")
def dovecot():
    """The running server; skipped (failed on CI) when dovecot is not installed."""
    binary = find_binary()
    if binary is None:
        reason = "dovecot is not installed (apt-get install dovecot-imapd)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it")
        pytest.skip(reason)
    server = Dovecot(binary).start()
    yield server
    server.stop()


@pytest.fixture
def account(dovecot):
    """The keyword arguments that reach the test user's mail over plain IMAP on loopback."""
    return {
        "host": dovecot.host,
        "port": dovecot.port,
        "username": dovecot.username,
        "password": dovecot.password,
        "security": "plain",
    }


@pytest.fixture
def tls_context(dovecot):
    """A client TLS context that trusts the server's self-signed certificate, and only it."""
    return ssl.create_default_context(cafile=str(dovecot.ca_file))


@pytest.fixture
def imap(dovecot):
    """A second, independent IMAP session as the test user: to deliver and inspect mail."""
    conn = imaplib.IMAP4(dovecot.host, dovecot.port, timeout=10)
    conn.login(dovecot.username, dovecot.password)
    yield conn
    conn.logout()


@pytest.fixture
def folder(imap):
    """A new, empty folder of this test's own, so tests sharing the server do not meet."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    assert imap.create(encode_folder(name))[0] == "OK"
    return name


def make_message(subject: str, body: str = "Hello.", attachment: bytes = b"") -> bytes:
    """A small e-mail, optionally with an attachment to make it big."""
    message = EmailMessage()
    message["From"] = "Ada <ada@example.org>"
    message["To"] = "relmap@example.com"
    message["Subject"] = subject
    message.set_content(body)
    if attachment:
        message.add_attachment(
            attachment, maintype="application", subtype="octet-stream", filename="big.bin"
        )
    return message.as_bytes()


@pytest.fixture
def deliver(imap):
    """`deliver(folder, raw)` appends a message (unread) with APPEND; returns its UID."""

    def _deliver(name: str, raw: bytes) -> int:
        status, data = imap.append(encode_folder(name), None, None, raw)
        assert status == "OK", data
        # "[APPENDUID <uidvalidity> <uid>] Append completed."
        return int(data[0].split(b"]")[0].split()[-1])

    return _deliver


@pytest.fixture
def cast(db):
    alice = factories.UserFactory(
        username="alice",
        first_name="Alice",
        last_name="Archer",
        email="Alice.Archer@northwind-freight.example",
    )
    bob = factories.UserFactory(
        username="bob",
        first_name="Bob",
        last_name="Baker",
        email="bob.baker@northwind-freight.example",
    )
    erin = factories.UserFactory(
        username="erin",
        first_name="Erin",
        last_name="Exec",
        email="erin@northwind-freight.example",
        role="executive",
    )
    acme = factories.AccountFactory(
        organisation__name="Acme Steel", manager=alice, is_fenced=True
    ).organisation
    contoso = factories.OrganisationFactory(name="Contoso")
    chloe = factories.ContactFactory(
        first_name="Chloe",
        last_name="Petrov",
        email="chloe.petrov@acme-steel.example",
        organisation=acme,
        seniority="executive",
    )
    return {
        "alice": alice,
        "bob": bob,
        "erin": erin,
        "acme": acme,
        "contoso": contoso,
        "chloe": chloe,
    }
