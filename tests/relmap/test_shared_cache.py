"""Where no Redis is configured the cache lives in the database, so every app server counts
the same rate limits; with REDIS_URL it is Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from rest_framework.test import APIClient

from trust.tokens import api_token_create

ROOT = Path(__file__).resolve().parent.parent.parent
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "relmap_cache",
    }
}


def _settings_cache(**env):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "relmap.settings", "SECRET_KEY": "x"}
    environ.pop("LOCAL_MEMORY_CACHE", None)
    environ.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_cache_is_the_database_unless_redis_is_configured():
    assert _settings_cache() == "django.core.cache.backends.db.DatabaseCache"
    assert _settings_cache(REDIS_URL="redis://127.0.0.1:6379/0") == (
        "django.core.cache.backends.redis.RedisCache"
    )


@pytest.mark.django_db
def test_rate_limit_counts_live_in_the_database_cache(settings, owner):
    settings.CACHES = DATABASE_CACHE
    settings.API_RATE_LIMIT = "3/minute"
    caches["default"].clear()
    _, key = api_token_create(user=owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    statuses = [client.get("/api/v1/units/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    # The counter is a row of the shared table, where every app server reads it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM relmap_cache WHERE cache_key LIKE %s", ["%throttle%"])
        assert cursor.fetchone()[0] == 1
