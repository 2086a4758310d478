"""A pg_dump / pg_restore round trip keeps every row (the procedure in docs/operations.md)."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="backup and restore are documented for PostgreSQL",
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def _url_for(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(sql: str) -> None:
    conn = psycopg2.connect(_url_for("postgres"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def _snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every table's rows."""
    conn = psycopg2.connect(url)
    out = {}
    with conn.cursor() as cur:
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        for (table,) in cur.fetchall():
            cur.execute(
                "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                f"ORDER BY md5(t::text)), '')) FROM \"{table}\" t"
            )
            out[table] = cur.fetchone()
    conn.close()
    return out


def _manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def test_pg_dump_and_restore_keep_every_row(tmp_path):
    suffix = uuid.uuid4().hex[:8]
    source, target = f"relmap_backup_src_{suffix}", f"relmap_backup_dst_{suffix}"
    _admin(f"CREATE DATABASE {source}")
    try:
        _manage(_url_for(source), "migrate", "--noinput")
        _manage(_url_for(source), "seed_demo", "--scale", "0.3")
        dump = tmp_path / "relmap.dump"
        # The commands docs/operations.md gives, verbatim apart from names.
        subprocess.run(
            ["pg_dump", "--format=custom", f"--file={dump}", _url_for(source)], check=True
        )
        _admin(f"CREATE DATABASE {target}")
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_url_for(target)}",
                str(dump),
            ],
            check=True,
        )
        before, after = _snapshot(_url_for(source)), _snapshot(_url_for(target))
        assert before["stakeholders_contact"][0] > 0
        assert after == before
    finally:
        _admin(f"DROP DATABASE IF EXISTS {source} WITH (FORCE)")
        _admin(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
