import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests make many users; real password hashing would be most of their run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
