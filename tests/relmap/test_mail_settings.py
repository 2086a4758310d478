"""The mailer read from the environment: SMTP in production, the console in development."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from relmap.settings import mailer_from_env

NAMES = [
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
]


@pytest.fixture(autouse=True)
def names_start_unset(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_production_sends_through_smtp_on_localhost_by_default():
    assert mailer_from_env(debug=False) == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "localhost",
            "port": 25,
            "username": "",
            "password": "",
            "use_tls": False,
            "use_ssl": False,
            "timeout": 10,
        },
    }


def test_development_prints_mail_on_the_console():
    assert mailer_from_env(debug=True) == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


def test_an_smtp_server_with_starttls_and_a_login(monkeypatch):
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.com")
    monkeypatch.setenv("EMAIL_HOST_USER", "relmap")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "s3cret")
    monkeypatch.setenv("EMAIL_USE_TLS", "true")
    options = mailer_from_env(debug=False)["OPTIONS"]
    assert options["host"] == "smtp.example.com" and options["port"] == 587
    assert options["username"] == "relmap" and options["password"] == "s3cret"
    assert options["use_tls"] is True and options["use_ssl"] is False


def test_ssl_defaults_to_port_465_and_a_port_can_be_set(monkeypatch):
    monkeypatch.setenv("EMAIL_USE_SSL", "yes")
    assert mailer_from_env(debug=False)["OPTIONS"]["port"] == 465
    monkeypatch.setenv("EMAIL_PORT", "2465")
    assert mailer_from_env(debug=False)["OPTIONS"]["port"] == 2465


def test_tls_and_ssl_together_are_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_USE_TLS", "true")
    monkeypatch.setenv("EMAIL_USE_SSL", "true")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        mailer_from_env(debug=False)


def test_the_file_backend_writes_to_a_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("EMAIL_BACKEND", "file")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_FILE_PATH"):
        mailer_from_env(debug=False)
    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path))
    assert mailer_from_env(debug=False) == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(tmp_path)},
    }


def test_a_backend_by_dotted_path_gets_no_smtp_options(monkeypatch):
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    assert mailer_from_env(debug=False) == {
        "BACKEND": "django.core.mail.backends.locmem.EmailBackend"
    }


def test_an_unknown_backend_name_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_BACKEND", "smpt")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_BACKEND"):
        mailer_from_env(debug=False)


@pytest.mark.parametrize("debug", [False, True])
def test_django_accepts_the_mailer(settings, monkeypatch, tmp_path, debug):
    monkeypatch.setenv("EMAIL_USE_TLS", "true")
    settings.MAILERS = {"default": mailer_from_env(debug=debug)}
    assert mail.mailers.default is not None
    monkeypatch.setenv("EMAIL_BACKEND", "file")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path))
    settings.MAILERS = {"default": mailer_from_env(debug=debug)}
    assert mail.mailers.default.file_path == str(tmp_path)
