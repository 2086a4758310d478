"""Authenticated contact detail GETs per second over HTTP: two gunicorn workers
(deploy/gunicorn.conf.py) on the million-contact data, loaded by `wrk` (Debian's package).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/detail_rps.py

wrk runs on the same machine and takes CPU from the workers, so the figure is a floor. Each of
`--runs` runs lasts `--seconds`, with a different contact per connection.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import _million

TARGET = 500
SCRIPT = """
local ids = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/contacts/" .. ids[(n %% #ids) + 1] .. "/")
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    url = _million.build()
    _million.setup(url)
    from django.contrib.auth import get_user_model

    from stakeholders.models import Contact
    from trust.tokens import api_token_create

    manager = get_user_model().objects.get(username="am50")
    _, key = api_token_create(user=manager, name="benchmark")
    ids = list(
        Contact.objects.visible_to(manager).order_by("?").values_list("id", flat=True)[:1000]
    )
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=url,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESS_LOG="/dev/null",
        API_RATE_LIMIT="10000000/minute",
        DEBUG="false",
    )
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "relmap.wsgi",
         "-c", "deploy/gunicorn.conf.py"],
        cwd=_million.ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("gunicorn did not start")
                time.sleep(0.3)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(SCRIPT % ",".join(map(str, ids)))
        command = [
            "wrk", "-t2", f"-c{options.connections}", f"-d{options.seconds}s", "-s", script.name,
            "-H", f"Authorization: Token {key}", "-H", "Host: 127.0.0.1",
            f"http://127.0.0.1:{port}",
        ]  # fmt: skip
        subprocess.run(command[:3] + ["-d3s"] + command[4:], capture_output=True, check=True)
        rates = []
        for _ in range(options.runs):
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            if "Non-2xx" in out:
                sys.exit(f"errors during the run:\n{out}")
            rates.append(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)))
        median = statistics.median(rates)
        load = "/".join(f"{v:.1f}" for v in os.getloadavg())
        print(
            f"contact detail GET, 2 gunicorn workers, {options.connections} connections: median "
            f"{median:,.0f} requests/s (runs: {', '.join(f'{r:,.0f}' for r in rates)}; "
            f"min–max {min(rates):,.0f}–{max(rates):,.0f}; load {load}); target ≥ {TARGET}; "
            f"ratio {median / TARGET:.2f}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
