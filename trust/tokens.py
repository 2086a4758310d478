"""API tokens: issued at random, stored as a SHA-256 only, revoked but never deleted."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from trust.models import ApiToken


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """Issue a new API key for `user`; returns the stored token and the key, shown only once."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], key_hash=api_token_hash(key)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_for_key(key: str) -> ApiToken | None:
    """The active token with this key, its user loaded, or None."""
    return (
        ApiToken.objects.active()
        .select_related("user", "user__staff_profile")
        .filter(key_hash=api_token_hash(key))
        .first()
    )
