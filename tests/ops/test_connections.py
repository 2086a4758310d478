"""Database connections hold under load: fifty clients at once against the development server
(a thread per request) on PostgreSQL get no error, and no connection outlives its request."""

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
import requests
from django.conf import settings
from django.db import connection

from tests import factories
from trust.tokens import api_token_create

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 50
ROUNDS = 4

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the connection limit is PostgreSQL's",
    ),
    pytest.mark.django_db(transaction=True),
]


def _server_connections(name: str) -> int:
    """Connections the server holds to database `name`, from another session."""
    url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres"))
    probe = psycopg2.connect(url)
    try:
        with probe.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, connection.connection.info.backend_pid],
            )
            return cursor.fetchone()[0]
    finally:
        probe.close()


def _wait_for(port: int, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"runserver stopped: {process.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("runserver did not start")


def test_fifty_clients_at_once_against_the_development_server(unused_port):
    owner = factories.UserFactory(username="loader")
    factories.ContactFactory.create_batch(5)
    _, key = api_token_create(user=owner)
    name = settings.DATABASES["default"]["NAME"]
    url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_RATE_LIMIT": "100000/minute",
    }
    env.pop("DB_CONN_MAX_AGE", None)  # the default, as `make run` serves
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{unused_port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(unused_port, server)
        before = _server_connections(name)

        def client(_):
            session = requests.Session()
            session.headers["Authorization"] = f"Token {key}"
            answers = []
            for _ in range(ROUNDS):
                response = session.get(f"http://127.0.0.1:{unused_port}/api/v1/contacts/")
                answers.append((response.status_code, len(response.json()["results"])))
            return answers

        with ThreadPoolExecutor(CLIENTS) as pool:
            answers = [a for batch in pool.map(client, range(CLIENTS)) for a in batch]
        assert answers == [(200, 5)] * (CLIENTS * ROUNDS)
        # Every request's connection closed with it: the server is back where it started.
        deadline = time.monotonic() + 10
        while _server_connections(name) > before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _server_connections(name) <= before
    finally:
        server.terminate()
        server.wait(timeout=10)
