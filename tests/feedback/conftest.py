import pytest


@pytest.fixture(autouse=True)
def _generous_public_budget(settings):
    # The budget per address is tested on its own (test_public_abuse.py).
    settings.RELMAP_PUBLIC_RATE_LIMIT = "100000/hour"
