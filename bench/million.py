"""Every latency target of design/quality.md at a million contacts, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/million.py

The data is built once (bench/_million.py: the demo data at scale 100 plus 900,000 contacts
by COPY) and kept in relmap_bench_1m; later runs start at once. Requests go through the whole
Django stack in this process (middleware, sessions or token auth, the picket-fence filters of
an account manager), without an HTTP server in between; `--only NAME` runs one measure,
`--repeat N` takes N timed requests after a warm-up. Each line prints the median, min–max,
the load average and the ratio of the median to its target (≤ 1.00 meets it). The detail GET
rate over HTTP with two gunicorn workers is bench/detail_rps.py.
"""

import argparse
import datetime as dt
import os
import statistics
import time

import _million


def _timed(call, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds of `repeat` calls, after a warm-up."""
    call()  # warm-up: connection, caches, plans
    call()
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return times, cpu


def report(name: str, measured: tuple[list[float], list[float]], target_ms: float) -> None:
    """One line: the wall-clock median against the target, and the Django process's CPU time
    (less sensitive to a busy machine: the rest is the database and waiting for a CPU)."""
    times, cpu = measured
    median = statistics.median(times)
    load = "/".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"{name:<40} median {median:7.1f} ms (min–max {min(times):.1f}–{max(times):.1f}, "
        f"Django CPU {statistics.median(cpu):.1f} ms, n={len(times)}, load {load}) "
        f"target ≤ {target_ms:.0f} ms, ratio {median / target_ms:.2f}",
        flush=True,
    )


def _ok(response):
    if response.status_code >= 400:
        raise SystemExit(f"{response.request['PATH_INFO']}: {response.status_code}")
    return response


def measures(repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from rest_framework.test import APIClient

    from core import keyset
    from stakeholders.models import Account, Contact, Organisation
    from trust.tokens import api_token_create

    users = get_user_model().objects
    manager, executive = users.get(username="am50"), users.get(username="erin")
    _, key = api_token_create(user=manager, name="benchmark")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    pages = Client()
    pages.force_login(manager)
    board = Client()
    board.force_login(executive)

    contacts = Contact.objects.visible_to(manager).order_by("last_name", "first_name", "id")
    keys = keyset.keys_of(contacts)
    middle = keyset.ordered(contacts, keys)[500_000]
    deep = keyset.cursor(keys, middle, number=5001)
    contact = Contact.objects.visible_to(manager).order_by("id")[400_000]
    big = (
        Account.objects.filter(manager=manager)
        .annotate(n=Count("organisation__contacts"))
        .order_by("-n")
        .first()
        .organisation
    )
    org = Organisation.objects.filter(pk=big.pk).first()
    posted = iter(range(10**9))

    def log_interaction():
        n = next(posted)
        _ok(
            api.post(
                "/api/v1/interactions/",
                {
                    "kind": "call",
                    "occurred_at": (
                        dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
                    ).isoformat(),
                    "organisation": org.pk,
                    "contacts": [big_contact.pk],
                    "staff": [manager.pk],
                    "summary": f"Benchmark call {n}",
                },
                format="json",
            )
        )

    big_contact = Contact.objects.visible_to(manager).filter(organisation=org).first()
    return {
        "contacts list API, first page (100)": (
            lambda: _ok(api.get("/api/v1/contacts/?page_size=100")),
            50,
        ),
        "contacts list API, page 5,001 by cursor": (
            lambda: _ok(api.get(f"/api/v1/contacts/?page_size=100&cursor={deep}")),
            50,
        ),
        "contacts list API, ?page=5001 by offset": (
            lambda: _ok(api.get("/api/v1/contacts/?page_size=100&page=5001")),
            50,
        ),
        "contact detail API (one request)": (
            lambda: _ok(api.get(f"/api/v1/contacts/{contact.pk}/")),
            4,  # 500 requests/s on two workers (two CPUs) leaves 4 ms a request
        ),
        "log an interaction (API POST)": (log_interaction, 50),
        "home page, manager of 50 accounts": (lambda: _ok(pages.get("/")), 100),
        f"organisation page ({org.name[:20]})": (
            lambda: _ok(pages.get(f"/organisations/{org.pk}/")),
            100,
        ),
        "contacts page, first": (lambda: _ok(pages.get("/contacts/")), 100),
        "scorecard dashboard (executive)": (lambda: _ok(board.get("/scorecard/")), 150),
        "global search": (lambda: _ok(pages.get("/search/?q=jones")), 100),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", help="run the measures whose name contains this")
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    url = _million.build(rebuild=options.rebuild)
    _million.setup(url)
    from django.db import connection

    from stakeholders.models import Contact

    print(
        f"{Contact.objects.count():,} contacts; PostgreSQL "
        f"{connection.cursor().connection.info.server_version}; {os.cpu_count()} CPUs",
        flush=True,
    )
    medians = {}
    for name, (call, target) in measures(options.repeat).items():
        if options.only and options.only not in name:
            continue
        measured = _timed(call, options.repeat)
        medians[name] = statistics.median(measured[0])
        report(name, measured, target)
    first, deep = (f"contacts list API, {p}" for p in ("first page (100)", "page 5,001 by cursor"))
    if first in medians and deep in medians:
        ratio = medians[deep] / medians[first]
        print(f"deep page / first page: {ratio:.2f} (target ≤ 1.20)")


if __name__ == "__main__":
    main()
