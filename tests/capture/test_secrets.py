"""Mailbox passwords encrypted under RELMAP_CAPTURE_KEY (capture/secrets.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from capture import secrets
from capture.secrets import CaptureKeyError


@pytest.fixture
def key(settings):
    settings.RELMAP_CAPTURE_KEY = [secrets.generate_key()]
    return settings.RELMAP_CAPTURE_KEY[0]


def test_a_password_comes_back_as_it_went_in(key):
    token = secrets.encrypt("pässwörd with spaces")
    assert "pässwörd" not in token
    assert secrets.decrypt(token) == "pässwörd with spaces"


def test_the_same_password_encrypts_differently_each_time(key):
    assert secrets.encrypt("same") != secrets.encrypt("same")


def test_a_comma_separated_string_is_read_as_the_keys(settings):
    settings.RELMAP_CAPTURE_KEY = f"{secrets.generate_key()}, {secrets.generate_key()}"
    assert secrets.decrypt(secrets.encrypt("pw")) == "pw"


def test_another_key_cannot_read_it_and_says_what_to_do(settings, key):
    token = secrets.encrypt("pw")
    settings.RELMAP_CAPTURE_KEY = [secrets.generate_key()]
    with pytest.raises(CaptureKeyError, match="cannot be decrypted with the keys in RELMAP_"):
        secrets.decrypt(token)


def test_an_altered_token_is_refused(key):
    token = secrets.encrypt("pw")
    with pytest.raises(CaptureKeyError):
        secrets.decrypt(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    with pytest.raises(CaptureKeyError):
        secrets.decrypt("not a token é")


@pytest.mark.parametrize("value", [[], "", None])
def test_a_missing_key_is_a_configuration_error(settings, value):
    settings.RELMAP_CAPTURE_KEY = value
    with pytest.raises(CaptureKeyError, match="RELMAP_CAPTURE_KEY is not set"):
        secrets.encrypt("pw")


def test_a_malformed_key_is_named_by_position_without_showing_it(settings):
    settings.RELMAP_CAPTURE_KEY = [secrets.generate_key(), "too-short-to-be-a-key"]
    with pytest.raises(CaptureKeyError, match="key number 2 is not a Fernet key") as raised:
        secrets.encrypt("pw")
    assert "too-short" not in str(raised.value)


def test_the_error_is_an_improperly_configured():
    assert issubclass(CaptureKeyError, ImproperlyConfigured)


def test_rotation_new_key_first_old_key_still_reads_then_old_key_can_go(settings):
    old, new = secrets.generate_key(), secrets.generate_key()
    settings.RELMAP_CAPTURE_KEY = [old]
    token = secrets.encrypt("pw")

    settings.RELMAP_CAPTURE_KEY = [new, old]
    assert secrets.decrypt(token) == "pw"
    rotated = secrets.rotate(token)
    fresh = secrets.encrypt("pw2")

    settings.RELMAP_CAPTURE_KEY = [new]
    assert secrets.decrypt(rotated) == "pw"
    assert secrets.decrypt(fresh) == "pw2"
    with pytest.raises(CaptureKeyError):
        secrets.decrypt(token)
