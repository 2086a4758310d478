import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from trust import tokens
from trust.models import ApiToken

LIST_PATHS = [
    "communities",
    "organisations",
    "contacts",
    "units",
    "users",
    "accounts",
    "relationships",
    "assessments",
    "interventions",
    "interactions",
    "commitments",
    "issues",
]


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize("resource", LIST_PATHS)
def test_anonymous_gets_401_json_on_every_resource(anon, resource, db):
    response = anon.get(f"/api/v1/{resource}/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_post_is_401_not_a_login_redirect(anon, db):
    response = anon.post("/api/v1/contacts/", {"first_name": "A"}, format="json")
    assert response.status_code == 401


def test_schema_and_docs_are_public(anon, db):
    schema = anon.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/contacts/" in schema.content
    docs = anon.get("/api/v1/docs/")
    assert docs.status_code == 200
    body = docs.content.decode()
    # Assets come from the installed sidecar package, never from another host.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", body)
    assert "/static/drf_spectacular_sidecar/" in body


def test_token_is_random_and_stored_only_as_its_sha256(owner):
    token, key = tokens.api_token_create(user=owner)
    other, other_key = tokens.api_token_create(user=owner)
    assert key != other_key
    assert len(key) >= 43  # 32 random bytes, URL-safe base64
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    stored = [str(v) for v in ApiToken.objects.values_list(flat=False).get(pk=token.pk)]
    assert key not in stored


def test_token_acts_as_its_user(owner):
    _, key = tokens.api_token_create(user=owner)
    response = token_client(key).get("/api/v1/users/?username=owner")
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == owner.pk


def test_token_sees_the_same_fence_as_its_user(outsider, teammate, fenced_contact):
    _, outsider_key = tokens.api_token_create(user=outsider)
    _, teammate_key = tokens.api_token_create(user=teammate)
    assert token_client(outsider_key).get("/api/v1/contacts/").json()["count"] == 0
    assert token_client(teammate_key).get("/api/v1/contacts/").json()["count"] == 1


def test_revoked_token_gets_401(owner):
    token, key = tokens.api_token_create(user=owner)
    tokens.api_token_revoke(token=token)
    response = token_client(key).get("/api/v1/contacts/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "header", ["Token nonsense", "Token", "Token a b", "Token \u00e9\u00e9", "Token " + "x" * 5000]
)
def test_bad_token_gets_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/contacts/").status_code == 401


def test_token_of_inactive_user_gets_401(owner):
    _, key = tokens.api_token_create(user=owner)
    owner.is_active = False
    owner.save()
    assert token_client(key).get("/api/v1/contacts/").status_code == 401


def test_last_used_at_is_recorded_at_most_once_a_minute(owner):
    token, key = tokens.api_token_create(user=owner)
    client = token_client(key)
    client.get("/api/v1/units/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/units/")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/units/")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()


def test_session_auth_works_for_the_browser_and_enforces_csrf(owner):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="owner", password="pw")
    assert client.get("/api/v1/contacts/").status_code == 200
    refused = client.post("/api/v1/communities/", {"name": "C", "kind": "media"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]


def test_session_writes_with_the_csrf_token_succeed(owner):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    client.login(username="owner", password="pw")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/communities/",
        {"name": "C", "kind": "media"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201
