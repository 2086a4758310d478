"""API clients for the named cast: `client_for(user)` signs requests with a real API token."""

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


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast's passwords are hashed for every test; production-strength hashing is not
    # what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
