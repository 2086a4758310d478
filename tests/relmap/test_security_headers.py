import pytest


def test_pages_carry_a_strict_content_security_policy(client, owner):
    client.force_login(owner)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    # The bundled htmx script is the page's only script, and it carries the nonce.
    body = response.content.decode()
    assert body.count("<script") == body.count(f'nonce="{nonce}"') >= 1
    assert 'style="' not in body


def test_pages_for_signed_in_users_are_not_cached(client, owner):
    client.force_login(owner)
    assert "no-store" in client.get("/")["Cache-Control"]


def test_the_login_page_is_framed_by_nobody(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/account/",
        "/accounts/password_change/",
        "/accounts/password_change/done/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/api/v1/docs/",
        "/no-such-page/",
    ],
)
def test_account_error_and_docs_pages_keep_to_the_policy(client, owner, path):
    client.force_login(owner)
    response = client.get(path)
    assert response.status_code in (200, 400, 404)
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    body = response.content.decode()
    assert body.count("<script") == body.count(f'nonce="{nonce}"') >= 1
    assert "<style" not in body and 'style="' not in body
