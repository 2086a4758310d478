"""Two app servers behind nginx serve one consistent dataset (`make cluster`, docs/install.md).

Run by .ci/run against a started cluster; the last test stops one app server.
"""

import os
import re
import signal
import threading
import time
from collections import Counter

import psycopg2
import requests

UPSTREAM = "X-Relmap-Upstream"


def test_static_files_are_served_by_nginx_compressed(cluster):
    response = requests.get(
        f"{cluster['url']}/static/relmap/relmap.css", headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    # Not from an app server: nginx read it from the collected static files.
    assert UPSTREAM not in response.headers
    assert "max-age" in response.headers["Cache-Control"]


def test_a_session_works_whichever_app_server_answers(cluster):
    browser = requests.Session()
    login = browser.get(f"{cluster['url']}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = browser.post(
        f"{cluster['url']}/accounts/login/",
        data={"username": "alice", "password": "demo", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{cluster['url']}/accounts/login/"},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302
    served_by = Counter()
    for _ in range(6):
        page = browser.get(f"{cluster['url']}/", allow_redirects=False)
        assert page.status_code == 200 and "My accounts" in page.text
        served_by[page.headers[UPSTREAM]] += 1
    assert len(served_by) == 2, served_by


def test_a_rate_limit_counts_across_app_servers(cluster, api):
    client = api()
    limit = cluster["rate_limit"]
    statuses = Counter()
    served_by = set()
    for _ in range(limit + 20):
        response = client.get(f"{client.base}/units/")
        statuses[response.status_code] += 1
        served_by.add(response.headers.get(UPSTREAM))
    assert len(served_by) == 2
    # Exactly the limit in total, not the limit per app server.
    assert statuses == {200: limit, 429: 20}


def _live_contacts(database_url) -> dict[int, int]:
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id, version FROM stakeholders_contact WHERE deleted_at IS NULL")
        return dict(cursor.fetchall())


def test_a_sync_client_ends_equal_to_the_database_while_both_servers_take_writes(cluster, api):
    writers, reader = [api() for _ in range(4)], api()
    errors = []

    def write(client, number):
        try:
            for i in range(30):
                created = client.post(
                    f"{client.base}/contacts/",
                    json={"first_name": f"Writer {number}", "last_name": f"Row {i}"},
                )
                assert created.status_code == 201, created.text
                url = f"{client.base}/contacts/{created.json()['id']}/"
                assert client.patch(url, json={"job_title": "Changed"}).status_code == 200
                if i % 3 == 0:
                    assert client.delete(url).status_code == 204
        except Exception as error:  # reported below, with the thread's name
            errors.append((number, error))

    replica, cursor = {}, None

    def read_page():
        nonlocal cursor
        params = {"limit": 50, **({"since": cursor} if cursor else {})}
        page = reader.get(f"{reader.base}/contacts/changes/", params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        for row in body["results"]:
            if row["deleted"]:
                replica.pop(row["id"], None)
            else:
                replica[row["id"]] = row["version"]
        cursor = body["next_cursor"]
        return body["has_more"]

    threads = [threading.Thread(target=write, args=(c, n)) for n, c in enumerate(writers)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        read_page()
        time.sleep(0.2)
    for thread in threads:
        thread.join()
    assert errors == []
    # Drain: the feed may hold back changes of transactions still settling for a moment.
    deadline = time.monotonic() + 30
    while True:
        while read_page():
            pass
        if replica == _live_contacts(cluster["database_url"]) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert replica == _live_contacts(cluster["database_url"])


def test_when_an_app_server_stops_nginx_serves_from_the_other(cluster, api):
    client = api()
    kept, stopped = cluster["app_ports"]
    pid = int((cluster["state"] / f"app-{stopped}.pid").read_text())
    results = []
    for i in range(80):
        if i == 20:
            # SIGTERM: gunicorn finishes what it is doing and stops taking connections.
            os.kill(pid, signal.SIGTERM)
        response = client.get(f"{client.base}/communities/")
        results.append((i, response.status_code, response.headers.get(UPSTREAM, "")))
        time.sleep(0.02)
    failed = [r for r in results if r[1] != 200]
    assert failed == [], failed
    after = [upstream for i, _, upstream in results if i >= 40]
    assert set(after) == {f"127.0.0.1:{kept}"}, after
