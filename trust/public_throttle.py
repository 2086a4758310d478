"""Rate limits for the pages anyone may open without an account (the survey, the feedback
channel): a budget of requests per client address and page, counted in Django's cache so that
every app server shares the count (relmap/settings.py: CACHES)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from trust.login_throttle import client_address

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/hour" → (30, 3600). A malformed setting fails loudly."""
    number, _, period = rate.partition("/")
    return int(number), PERIODS[period.strip()]


def public_retry_after(request, page: str) -> int | None:
    """Count this request against its address's budget for `page`; returns the seconds to
    wait when the budget is spent, None when the request may go on."""
    allowed, period = parse_rate(settings.RELMAP_PUBLIC_RATE_LIMIT)
    now = time.time()
    window = int(now // period)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"relmap:public:{page}:{address}:{window}"
    # add() then incr() is atomic in the shared caches: concurrent requests never lose a count.
    cache.add(key, 0, timeout=period + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=period + 1)
        used = 1
    if used > allowed:
        return max(1, int((window + 1) * period - now))
    return None
