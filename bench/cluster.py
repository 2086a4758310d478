"""Load through nginx: authenticated API reads and interaction writes, on one and on two app
servers (deploy/cluster, started and stopped by this script on its own ports and state).

    python bench/cluster.py [--seconds 20] [--clients 8] [--write-share 0.1]

Each run starts the cluster with the given app servers, issues an API token, then CLIENTS
threads (one keep-alive connection each) send for SECONDS: GET /api/v1/contacts/<id>/ of a
random demo contact, or, with probability WRITE_SHARE, POST /api/v1/interactions/ at a random
demo organisation. Prints requests/s, latency percentiles and the load average, and the ratio
of two servers to one. The client runs on the same 2 cores as the servers, so the figures are
the whole machine's, not one server's ceiling.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/relmap_bench")
PORT = 28080


def _manage(*args) -> str:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "bench", "DEBUG": "false"}
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _cluster(action: str, ports: list[int], state: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "CLUSTER_STATE": state,
        "CLUSTER_PORT": str(PORT),
        "APP_PORTS": " ".join(map(str, ports)),
        "API_RATE_LIMIT": "1000000/minute",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    subprocess.run(
        ["bash", "deploy/cluster", action], cwd=ROOT, env=env, check=True, capture_output=True
    )


def _ids() -> tuple[list[int], list[int]]:
    rows = _manage(
        "shell",
        "-c",
        "from stakeholders.models import Contact, Organisation;"
        "import json;"
        "print(json.dumps([list(Contact.objects.live().values_list('pk', flat=True)[:2000]),"
        " list(Organisation.objects.filter(parent=None).values_list('pk', flat=True)[:200])]))",
    )
    contacts, organisations = json.loads(rows.splitlines()[-1])
    return contacts, organisations


def _load(token, contacts, organisations, *, seconds, clients, write_share):
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def client(seed):
        nonlocal failures
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            if rng.random() < write_share:
                body = json.dumps(
                    {
                        "organisation": rng.choice(organisations),
                        "kind": "call",
                        "summary": "Benchmark call",
                    }
                )
                connection.request("POST", "/api/v1/interactions/", body=body, headers=headers)
            else:
                path = f"/api/v1/contacts/{rng.choice(contacts)}/"
                connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            bad += response.status >= 400
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--write-share", type=float, default=0.1)
    args = parser.parse_args()
    results = {}
    for ports in ([28081], [28081, 28082]):
        state = tempfile.mkdtemp(prefix="relmap-bench-")
        _cluster("start", ports, state)
        try:
            token = _manage("createapitoken", "admin", "--name", "bench")
            contacts, organisations = _ids()
            _load(token, contacts, organisations, seconds=2, clients=2, write_share=0)  # warm
            latencies, failures = _load(
                token,
                contacts,
                organisations,
                seconds=args.seconds,
                clients=args.clients,
                write_share=args.write_share,
            )
        finally:
            _cluster("stop", ports, state)
        rate = len(latencies) / args.seconds
        results[len(ports)] = rate
        print(
            f"{len(ports)} app server(s): {rate:.0f} requests/s, "
            f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
            f"p95 {_percentile(latencies, 0.95) * 1000:.1f} ms, "
            f"p99 {_percentile(latencies, 0.99) * 1000:.1f} ms, "
            f"{failures} failed, load average {os.getloadavg()[0]:.2f} "
            f"({args.clients} clients, {args.write_share:.0%} writes)"
        )
    print(f"two servers / one: {results[2] / results[1]:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
