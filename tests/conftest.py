"""Shared fixtures: a named cast of users around one fenced account.

- `owner`: the account's manager; `teammate`: on its team; `outsider`: an account manager in
  another unit who must get 404 for the fenced detail; `executive` and `admin_user` see it all.
"""

import importlib
import os
import shutil
import socket

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _fast_and_unthrottled(settings):
    # Real password hashing is most of a test's set-up time; its strength is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests that are about rate limits lower it themselves.
    settings.API_RATE_LIMIT = "100000/minute"
    # One process: the cache in memory, so query counts are the application's own. The shared
    # caches (the database's, Redis) are tested by tests/relmap/test_shared_cache.py and the
    # cluster test.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def seeded_measures(request):
    """The scorecard's measures, which a data migration seeds. A transactional test elsewhere
    may have flushed them: put them back for every test that touches the database."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    transactional = marker is not None and marker.kwargs.get("transaction")
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not apps.get_model("scorecard", "Measure").objects.exists():
        importlib.import_module("scorecard.migrations.0002_seed_measures").seed(apps, None)


@pytest.fixture
def unit(db):
    return factories.UnitFactory(name="Key Accounts")


@pytest.fixture
def other_unit(db):
    return factories.UnitFactory(name="Field Sales")


@pytest.fixture
def owner(unit):
    return factories.UserFactory(username="owner", role="account_manager", role__unit=unit)


@pytest.fixture
def teammate(unit):
    return factories.UserFactory(username="teammate", role="account_manager", role__unit=unit)


@pytest.fixture
def outsider(other_unit):
    return factories.UserFactory(username="outsider", role="account_manager", role__unit=other_unit)


@pytest.fixture
def executive(db):
    return factories.UserFactory(username="exec", role="executive")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", role="admin")


@pytest.fixture
def fenced_account(owner, teammate):
    account = factories.AccountFactory(
        organisation__name="Fenced Corp", manager=owner, is_fenced=True, team=[teammate]
    )
    return account


@pytest.fixture
def fenced_org(fenced_account):
    return fenced_account.organisation


@pytest.fixture
def fenced_contact(fenced_org):
    return factories.ContactFactory(organisation=fenced_org, first_name="Fiona", last_name="Fenced")


# --- browser tests ------------------------------------------------------------------------
# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this test process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; CI must install it (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(page):
    """`login(user)` signs `user` in (password "pw", as the factories set) and lands on home."""

    def _login(user, password="pw"):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        return page

    return _login


@pytest.fixture
def screenshot(page, request):
    """`screenshot("name")` saves a PNG under test-artifacts/ for a person to look at."""

    def _shot(name):
        os.makedirs("test-artifacts", exist_ok=True)
        path = os.path.join("test-artifacts", f"{request.node.name}-{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return _shot


class _Inbox:
    """What an aiosmtpd server on loopback received: each message's raw bytes."""

    def __init__(self):
        self.received: list[bytes] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received.append(envelope.original_content or envelope.content)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


@pytest.fixture
def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings, unused_port):
    """A real SMTP server on loopback, and Relmap's mail sent to it; `.received` holds what
    arrived."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=unused_port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": unused_port, "timeout": 5},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()
