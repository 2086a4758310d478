"""API tokens: listed, created and revoked by their owners and administrators; a browser page."""

import pytest
from django.contrib.admin.sites import site
from rest_framework.test import APIClient

from trust.models import ApiToken
from trust.tokens import api_token_create, api_token_revoke

TOKEN_FIELDS = {"id", "name", "prefix", "user", "created_at", "last_used_at", "revoked_at"}


def _client(key=None):
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def client_for(db):
    def make(user):
        _, key = api_token_create(user=user, name="test")
        return _client(key)

    return make


# --- API ------------------------------------------------------------------------------------


def test_owner_lists_only_their_own_tokens_without_hash_or_key(client_for, owner, teammate):
    api_token_create(user=teammate, name="theirs")
    mine, _ = api_token_create(user=owner, name="laptop")
    body = client_for(owner).get("/api/v1/tokens/").json()
    assert body["count"] == 2  # "laptop" and the client's own
    assert {r["user"] for r in body["results"]} == {owner.pk}
    row = next(r for r in body["results"] if r["id"] == mine.pk)
    assert set(row) == TOKEN_FIELDS
    assert row["prefix"] == mine.prefix and row["name"] == "laptop"
    assert mine.key_hash not in str(body)


def test_admin_lists_everyones_tokens_and_filters_by_user(client_for, admin_user, owner, teammate):
    api_token_create(user=owner)
    api_token_create(user=teammate)
    client = client_for(admin_user)
    assert {r["user"] for r in client.get("/api/v1/tokens/").json()["results"]} == {
        owner.pk,
        teammate.pk,
        admin_user.pk,
    }
    only = client.get(f"/api/v1/tokens/?user={owner.pk}").json()["results"]
    assert [r["user"] for r in only] == [owner.pk]


def test_create_returns_the_key_once_and_the_key_works(client_for, owner):
    client = client_for(owner)
    response = client.post("/api/v1/tokens/", {"name": "CRM sync"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == TOKEN_FIELDS | {"key"}
    assert body["user"] == owner.pk and body["name"] == "CRM sync"
    assert body["key"].startswith(body["prefix"])
    assert _client(body["key"]).get("/api/v1/tokens/").status_code == 200
    listed = client.get(f"/api/v1/tokens/{body['id']}/").json()
    assert "key" not in listed


def test_create_ignores_a_user_field_and_refuses_long_names(client_for, owner, teammate):
    client = client_for(owner)
    body = client.post("/api/v1/tokens/", {"user": teammate.pk}, format="json").json()
    assert body["user"] == owner.pk
    response = client.post("/api/v1/tokens/", {"name": "x" * 101}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize("how", ["delete", "revoke"])
def test_revoked_token_is_refused_on_next_use(owner, how):
    token, key = api_token_create(user=owner)
    client = _client(key)
    assert client.get("/api/v1/contacts/").status_code == 200
    if how == "delete":
        assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    else:
        response = client.post(f"/api/v1/tokens/{token.pk}/revoke/")
        assert response.status_code == 200
        assert response.json()["revoked_at"] is not None
    assert client.get("/api/v1/contacts/").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("who", ["teammate", "outsider", "executive"])
def test_others_cannot_see_or_revoke_a_token(request, client_for, owner, who):
    token, key = api_token_create(user=owner)
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke/").status_code == 404
    assert _client(key).get("/api/v1/contacts/").status_code == 200


def test_admin_revokes_anyones_token(client_for, admin_user, owner):
    token, key = api_token_create(user=owner)
    assert client_for(admin_user).post(f"/api/v1/tokens/{token.pk}/revoke/").status_code == 200
    assert _client(key).get("/api/v1/contacts/").status_code == 401


def test_anonymous_and_bad_ids(client_for, owner):
    assert _client().get("/api/v1/tokens/").status_code == 401
    assert _client().post("/api/v1/tokens/", {}, format="json").status_code == 401
    client = client_for(owner)
    assert client.get("/api/v1/tokens/9999999999999999999999/").status_code == 404
    assert client.get("/api/v1/tokens/?user=abc").status_code == 400


def test_list_query_count_is_constant(client_for, admin_user, django_assert_num_queries):
    client = client_for(admin_user)
    # A first call records the token's last use, so the counted calls only read.
    client.get("/api/v1/tokens/")
    created = 1
    for size in (1, 10, 100):
        for _ in range(size - created):
            api_token_create(user=admin_user)
        created = size
        # token lookup (with user and profile), COUNT, the page of tokens
        with django_assert_num_queries(3):
            response = client.get("/api/v1/tokens/?page_size=1000")
        assert response.json()["count"] == size


# --- the browser page -----------------------------------------------------------------------


def test_page_lists_creates_and_revokes_own_tokens(client, owner, teammate):
    api_token_create(user=teammate, name="not mine")
    client.force_login(owner)
    page = client.get("/account/tokens/")
    assert page.status_code == 200
    assert "not mine" not in page.content.decode()
    # The top bar's name opens the profile, which links here.
    assert 'href="/account/"' in client.get("/").content.decode()
    assert 'href="/account/tokens/"' in client.get("/account/").content.decode()

    created = client.post("/account/tokens/new/", {"name": "laptop"})
    assert created.status_code == 200
    html = created.content.decode()
    token = ApiToken.objects.get(user=owner, name="laptop")
    key = created.context["key"]
    assert key in html and 'role="status"' in html
    assert key.startswith(token.prefix)
    assert key not in client.get("/account/tokens/").content.decode()

    revoked = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert "Revoked the token" in revoked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _client(key).get("/api/v1/contacts/").status_code == 401


def test_page_refuses_someone_elses_token_and_bad_names(client, owner, teammate):
    theirs, key = api_token_create(user=teammate)
    client.force_login(owner)
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    response = client.post("/account/tokens/new/", {"name": "x" * 101})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert client.get(f"/account/tokens/{theirs.pk}/revoke/").status_code == 405


def test_page_needs_login_and_csrf(client, owner):
    assert client.get("/account/tokens/").status_code == 302
    client.force_login(owner)
    strict = type(client)(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post("/account/tokens/new/", {"name": "x"}).status_code == 403


@pytest.mark.parametrize("tokens", [1, 10, 100])
def test_page_query_count_is_constant(client, owner, django_assert_num_queries, tokens):
    for _ in range(tokens):
        api_token_create(user=owner)
    client.force_login(owner)
    # session, user, the tokens
    with django_assert_num_queries(3):
        assert client.get("/account/tokens/").status_code == 200


def test_admin_revokes_tokens_with_an_action(client, admin_user, owner):
    token, key = api_token_create(user=owner)
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    assert ApiToken in site._registry
    client.force_login(admin_user)
    assert client.get("/admin/trust/apitoken/").status_code == 200
    response = client.post(
        "/admin/trust/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _client(key).get("/api/v1/contacts/").status_code == 401


def test_list_filters_by_revoked(client_for, owner):
    old, _ = api_token_create(user=owner, name="old")
    api_token_revoke(token=old)
    client = client_for(owner)
    assert [r["name"] for r in client.get("/api/v1/tokens/?revoked=true").json()["results"]] == [
        "old"
    ]
    assert [r["name"] for r in client.get("/api/v1/tokens/?revoked=false").json()["results"]] == [
        "test"
    ]


def test_issuing_and_revoking_a_token_is_audited(owner):
    from trust.models import AuditEvent
    from trust.tokens import api_token_create, api_token_revoke

    token, key = api_token_create(user=owner, name="phone")
    api_token_revoke(token=token)
    events = AuditEvent.objects.filter(model=ApiToken._meta.label_lower, object_id=str(token.pk))
    assert [e.action for e in events.order_by("id")] == ["create", "update"]
    assert "key_hash" not in events.first().changes
    assert key not in str(list(events.values_list("changes", flat=True)))
