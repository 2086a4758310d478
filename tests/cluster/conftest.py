"""The cluster test: run against `deploy/cluster start` (by .ci/run), through nginx.

Skipped unless RELMAP_CLUSTER_URL names the running cluster. RELMAP_CLUSTER_STATE is its
state directory (pid files), RELMAP_CLUSTER_DATABASE_URL its database and
RELMAP_CLUSTER_RATE_LIMIT the API_RATE_LIMIT it was started with, RELMAP_CLUSTER_APP_PORTS its
app servers' ports.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent.parent
URL = os.environ.get("RELMAP_CLUSTER_URL", "")


def pytest_collection_modifyitems(config, items):
    if URL:
        return
    skip = pytest.mark.skip(reason="no cluster running (RELMAP_CLUSTER_URL; see .ci/run)")
    for item in items:
        if "tests/cluster/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def cluster():
    return {
        "url": URL.rstrip("/"),
        "state": Path(os.environ.get("RELMAP_CLUSTER_STATE", ROOT / ".cluster")),
        "database_url": os.environ["RELMAP_CLUSTER_DATABASE_URL"],
        "rate_limit": int(os.environ.get("RELMAP_CLUSTER_RATE_LIMIT", "300/minute").split("/")[0]),
        "app_ports": os.environ.get("RELMAP_CLUSTER_APP_PORTS", "8081 8082").split(),
    }


@pytest.fixture(scope="session")
def new_token(cluster):
    """`new_token(username)`: a fresh API key for a user of the cluster's database."""

    def issue(username="admin"):
        env = {
            **os.environ,
            "DATABASE_URL": cluster["database_url"],
            "SECRET_KEY": "cluster-test",
            "DEBUG": "false",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "createapitoken", username, "--name", "cluster test"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    return issue


@pytest.fixture
def api(cluster, new_token):
    """`api()`: a requests session speaking to the cluster's API with a fresh token."""

    def make(username="admin"):
        session = requests.Session()
        session.headers["Authorization"] = f"Token {new_token(username)}"
        session.base = f"{cluster['url']}/api/v1"
        return session

    return make
