"""`client_for(user)`: an API client that signs its requests with a real API token."""

import pytest
from rest_framework.test import APIClient

from trust import tokens


@pytest.fixture
def client_for(db):
    def make(user):
        _, key = tokens.api_token_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
