"""Plumbing for bench/peers.py: scratch databases, throwaway virtual environments, servers."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def pg_admin(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", password="", **PG)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def recreate_database(name: str) -> None:
    drop_database(name)
    pg_admin(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(cmd: list, *, log: Path, **kwargs) -> str:
    """Run a command, its stderr to `log`; its stdout is returned. Fails loudly."""
    with open(log, "a") as err:
        err.write(f"\n$ {' '.join(map(str, cmd))}\n")
        err.flush()
        result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, text=True, **kwargs)
    if result.returncode != 0:
        tail = log.read_text()[-3000:]
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{tail}")
    return result.stdout


def make_venv(path: Path, peer, log: Path) -> Path:
    """A new virtual environment with the peer from PyPI; its Python."""
    # The interpreter Relmap runs on (>= 3.12, which both peers need), not this venv's copy.
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", str(path)], log=log)
    pip = [str(path / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-input"]
    if peer.dependencies is None:
        run([*pip, peer.requirement, *peer.extra], log=log)
    else:
        run([*pip, "--no-deps", peer.requirement], log=log)
        python = str(path / "bin" / "python")
        dist = peer.requirement.split("==")[0]
        requires = run(
            [
                python,
                "-c",
                "import sys, importlib.metadata as m; print('\\n'.join(m.requires(sys.argv[1])))",
                dist,
            ],
            log=log,
        ).split("\n")
        skip = {name.lower() for name in peer.dependencies}
        keep = [
            r for r in requires if r and r.split("=")[0].split(";")[0].strip().lower() not in skip
        ]
        run([*pip, *keep, *peer.extra], log=log)
    return path / "bin" / "python"


def _name(requirement: str) -> str:
    return requirement.split("=")[0].split(";")[0].strip().lower()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(gunicorn: Path, app: str, *, cwd, env, log: Path, probe: str, workers: int = 2):
    """gunicorn with `workers` sync workers on a free loopback port; (process, base URL)."""
    port = free_port()
    out = open(log, "a")  # noqa: SIM115 - the server's log for as long as it runs
    process = subprocess.Popen(
        [
            str(gunicorn),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            # Not the shared ~/.gunicorn/gunicorn.ctl, which other servers on the host may own.
            "--no-control-socket",
        ],
        cwd=cwd,
        env=env,
        stdout=out,
        stderr=out,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, url + probe, log)
    except BaseException:
        stop(process)  # the caller never gets to stop it
        raise
    return process, url


def _wait_until_up(process, probe_url: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server exited at start; see {log}:\n{log.read_text()[-3000:]}")
        try:
            requests.get(probe_url, timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"The server did not answer {probe_url}; see {log}")


def stop(process) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def session_login(session: requests.Session, base: str, path: str, username: str) -> None:
    """Sign in through a Django login form (its CSRF cookie and token), as a browser does."""
    import re

    page = session.get(base + path)
    page.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        base + path,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": "bench-password-1",
        },
        headers={"Referer": base + path},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"Sign-in at {path} failed: {answer.status_code} {answer.text[:300]}")
