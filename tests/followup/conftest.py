"""The API clients of tests/api serve the follow-through tests too."""

from tests.api.conftest import anon, client_for  # noqa: F401 - fixtures
