"""Relmap side by side with a CRM a user might pick instead, on the same data and machine.

    .venv/bin/python bench/peers.py [--peer bottlecrm|djangocrm|all] [--organisations 2000] \
        [--contacts 100000] [--runs 20] [--deep-page 500]

For each peer: a throwaway virtual environment in a temporary directory gets the peer's pinned
release from PyPI; the peer is configured (a small settings file over its own) against its own
scratch PostgreSQL database on 127.0.0.1:5432 (user postgres), migrated, and loaded with the
same organisations and contacts as Relmap's scratch database (relmap_peer_relmap). Both are
served by gunicorn, 2 sync workers each, on free loopback ports, and this process times the
same workloads over HTTP, one request at a time, alternating Relmap and the peer after a
warm-up: the contacts list (first page and a deep page) and one contact.

- BottleCRM (django-crm) is a REST API (JWT): compared with Relmap's /api/v1/contacts/ (token).
- DjangoCRM (django-crm-admin) is Django admin pages: compared with Relmap's /contacts/ pages,
  both signed in through their login forms.

Scratch databases, servers and the temporary directory are removed at the end, even on error
(--keep keeps the temporary directory and its logs). See docs/performance-peers.md.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
from _peers_apps import PASSWORD, PEERS, QUERY_COUNTER, relmap_workloads, workloads
from _peers_env import (
    drop_database,
    make_venv,
    recreate_database,
    run,
    session_login,
    start_gunicorn,
    stop,
)

ROOT = Path(__file__).resolve().parent.parent
RELMAP_DB = "relmap_peer_relmap"
PAGE = 100
WARMUP = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", choices=[*PEERS, "all"], default="all")
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--deep-page", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    # The deep page exists at both page sizes (Relmap's pages of 50 go twice as deep).
    args.deep_page = max(1, min(args.deep_page, args.contacts // PAGE))
    names = list(PEERS) if args.peer == "all" else [args.peer]

    # Stopped with SIGTERM, it still stops its servers and drops its databases (finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="relmap-peers-"))
    servers, databases, results = [], [RELMAP_DB], []
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{args.organisations:,} organisations, {args.contacts:,} contacts; temp {tmp}")
    try:
        relmap = _relmap(args, tmp, servers)
        for name in names:
            databases.append(f"relmap_peer_{name}")
            try:
                results += _compare(PEERS[name], relmap, args, tmp, servers)
            except Exception as error:  # noqa: BLE001 - one peer failing leaves the other
                print(f"\n{PEERS[name].title} could not be measured: {error}", file=sys.stderr)
                first = str(error).splitlines()[0][:150]
                results.append((PEERS[name].title, None, None, None, first, None))
    finally:
        _print_table(results)
        for process in servers:
            stop(process)
        for name in databases:
            drop_database(name)
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _relmap(args, tmp: Path, servers: list) -> dict:
    """Relmap's scratch database, loaded, and Relmap served by gunicorn as in deploy/."""
    log = tmp / "relmap.log"
    recreate_database(RELMAP_DB)
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_REPLICA_URL"}}
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{RELMAP_DB}",
        SECRET_KEY="peers-benchmark-only-key",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        API_RATE_LIMIT="1000000/minute",
        DJANGO_SETTINGS_MODULE="relmap.settings",
        PYTHONPATH=str(ROOT),
    )
    started = time.perf_counter()
    script = ROOT / "bench" / "_peers_relmap.py"
    out = run(
        [sys.executable, script, str(args.organisations), str(args.contacts)],
        log=log,
        cwd=ROOT,
        env=env,
    )
    info = json.loads(out.strip().splitlines()[-1])
    print(f"Relmap loaded in {time.perf_counter() - started:.0f} s")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process, url = start_gunicorn(
        gunicorn, "relmap.wsgi", cwd=ROOT, env=env, log=log, probe="/accounts/login/"
    )
    servers.append(process)
    info.update(url=url, env=env, log=log)
    return info


def _compare(peer, relmap: dict, args, tmp: Path, servers: list) -> list:
    home = tmp / peer.name
    home.mkdir()
    log = tmp / f"{peer.name}.log"
    started = time.perf_counter()
    python = make_venv(home / "venv", peer, log)
    print(f"\n{peer.title}: installed in {time.perf_counter() - started:.0f} s")
    database = f"relmap_peer_{peer.name}"
    recreate_database(database)
    (home / f"{peer.settings_module}.py").write_text(peer.settings)
    (home / "load.py").write_text(f"PASSWORD = {PASSWORD!r}\n" + peer.loader)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTHON"))}
    env.update(
        PEER_DB=database,
        DJANGO_SETTINGS_MODULE=peer.settings_module,
        PYTHONPATH=str(home),
        SECRET_KEY="peers-benchmark-only-key-" + "x" * 32,
    )
    started = time.perf_counter()
    out = run(
        [python, home / "load.py", str(args.organisations), str(args.contacts)],
        log=log,
        cwd=home,
        env=env,
    )
    info = json.loads(out.strip().splitlines()[-1])
    print(f"{peer.title}: loaded in {time.perf_counter() - started:.0f} s")
    process, url = start_gunicorn(
        python.parent / "gunicorn", peer.wsgi, cwd=home, env=env, log=log, probe=peer.probe
    )
    servers.append(process)

    ours, theirs = requests.Session(), requests.Session()
    if peer.relmap_side == "api":
        ours.headers["Authorization"] = f"Token {relmap['token']}"
        theirs.headers["Authorization"] = f"Bearer {info['token']}"
    else:
        session_login(ours, relmap["url"], "/accounts/login/", relmap["username"])
        session_login(theirs, url, "/en/123/789-login/", info["username"])
    pairs = list(
        zip(
            relmap_workloads(peer.relmap_side, relmap["contact_id"], args.deep_page, PAGE),
            workloads(peer.name, info["contact_id"], args.deep_page, PAGE),
            strict=True,
        )
    )
    if peer.relmap_side == "api":
        # The same deep page reached as a client of the API does: by following `next`.
        cursor_path = _follow_next(ours, relmap["url"], pairs[0][0][1], args.deep_page - 1)
        pairs.insert(2, ((f"list, page {args.deep_page} (cursor)", cursor_path), pairs[1][1]))
    else:
        # Relmap's pages hold 50 contacts: its page at the same depth as the peer's page.
        depth = (args.deep_page - 1) * PAGE // 50 + 1
        pairs[1] = ((pairs[1][0][0], f"/contacts/?page={depth}"), pairs[1][1])

    our_queries = _count_queries(
        sys.executable,
        tmp,
        ROOT,
        relmap["env"],
        relmap["log"],
        [p for (_, p), _ in pairs],
        {"HTTP_AUTHORIZATION": f"Token {relmap['token']}"} if peer.relmap_side == "api" else {},
        None if peer.relmap_side == "api" else relmap["username"],
    )
    their_queries = _count_queries(
        python,
        tmp,
        home,
        env,
        log,
        [p for _, (_, p) in pairs],
        {"HTTP_AUTHORIZATION": f"Bearer {info['token']}"} if "token" in info else {},
        info.get("username"),
    )
    results = []
    for n, ((label, our_path), (_, their_path)) in enumerate(pairs):
        ours_ms, theirs_ms = _time_pair(
            (ours, relmap["url"] + our_path), (theirs, url + their_path), args.runs
        )
        load = os.getloadavg()[0]
        queries = f"{our_queries[n]} / {their_queries[n]}"
        results.append((peer.title, label, ours_ms, theirs_ms, f"{load:.2f}", queries))
        print(
            f"  {label}: Relmap {_summary(ours_ms)} {our_path}\n"
            f"  {' ' * len(label)}  peer   {_summary(theirs_ms)} {their_path}\n"
            f"  {' ' * len(label)}  peer/Relmap {_ratio(ours_ms, theirs_ms)}; load {load:.2f}; "
            f"SQL queries Relmap / peer {queries}"
        )
    _describe(ours, relmap["url"] + pairs[0][0][1], theirs, url + pairs[0][1][1])
    return results


def _count_queries(python, tmp, cwd, env, log, paths, headers, username) -> list:
    """SQL queries per request, counted in-process (None where that could not be done)."""
    script = tmp / "count_queries.py"
    script.write_text(QUERY_COUNTER)
    job = json.dumps({"paths": paths, "headers": headers, "username": username})
    try:
        out = run([python, script, job], log=log, cwd=cwd, env=env)
        return json.loads(out.strip().splitlines()[-1])
    except (RuntimeError, ValueError, IndexError) as error:
        print(f"  (queries not counted: {str(error).splitlines()[0]})")
        return [None] * len(paths)


def _follow_next(session, base: str, path: str, hops: int) -> str:
    for _ in range(hops):
        answer = session.get(base + path)
        answer.raise_for_status()
        following = answer.json()["next"]
        path = following[following.index("/api/") :]
    return path


def _time_pair(ours, theirs, runs: int) -> tuple[list, list]:
    """Warm both up, then alternate one request each, `runs` times: milliseconds."""
    times = ([], [])
    for n in range(WARMUP + runs):
        for side, (session, full_url) in enumerate((ours, theirs)):
            started = time.perf_counter()
            answer = session.get(full_url, allow_redirects=False)
            elapsed = (time.perf_counter() - started) * 1000
            if answer.status_code != 200:
                raise RuntimeError(f"GET {full_url}: {answer.status_code} {answer.text[:300]}")
            if n >= WARMUP:
                times[side].append(elapsed)
    return times


def _describe(ours, our_url: str, theirs, their_url: str) -> None:
    """How many rows each first page holds, and what each counts, for the notes."""
    for who, session, full_url in (("Relmap", ours, our_url), ("peer", theirs, their_url)):
        answer = session.get(full_url)
        size = len(answer.content)
        if answer.headers.get("Content-Type", "").startswith("application/json"):
            body = answer.json()
            rows = len(body.get("results", []))
            estimate = " (an estimate)" if body.get("count_is_estimate") else ""
            print(
                f"  {who} first page: {rows} rows, count {body.get('count')}{estimate}, "
                f"{size:,} bytes"
            )
        else:
            # The admin's row checkboxes; Relmap's name cells.
            rows = answer.text.count('name="_selected_action"') or answer.text.count(
                'data-label="Name"'
            )
            rows = f"{rows} rows, " if rows else ""
            print(f"  {who} first page: {rows}{size:,} bytes of HTML")


def _summary(values: list) -> str:
    return f"median {statistics.median(values):7.1f} ms ({min(values):.1f}–{max(values):.1f})"


def _ratio(ours: list, theirs: list) -> str:
    return f"{statistics.median(theirs) / statistics.median(ours):.2f}"


def _print_table(results: list) -> None:
    print(
        "\n| peer | workload | Relmap median (min–max) ms | peer median (min–max) ms "
        "| peer/Relmap | load avg | SQL queries Relmap / peer |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for title, label, ours, theirs, load, queries in results:
        if ours is None:
            print(f"| {title} | not measured: {load} | | | | | |")
            continue
        print(
            f"| {title} | {label} | {_cell(ours)} | {_cell(theirs)} | "
            f"{_ratio(ours, theirs)} | {load} | {queries} |"
        )


def _cell(values: list) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"


if __name__ == "__main__":
    main()
