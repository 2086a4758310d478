"""A survey request's personal link. Its token is derived from the request's random nonce and
the site's secret key (256 bits), and only the token's SHA-256 is stored: the database alone
gives no link away, yet the reminder can carry the same link as the first mail."""

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

SALT = "relmap.stakeholders.survey-link"
MAX_TOKEN_LENGTH = 128


def new_nonce() -> str:
    return secrets.token_hex(32)


def token_for(nonce: str) -> str:
    return salted_hmac(SALT, nonce, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def survey_path(nonce: str) -> str:
    return reverse("survey", args=[token_for(nonce)])


def survey_url(nonce: str) -> str:
    return settings.SITE_URL.rstrip("/") + survey_path(nonce)
