"""Error pages in the app's own style, with its navigation; under /api/ errors stay JSON."""

import pytest
from django.template import loader
from django.test import Client

NAV_LINK = '<a href="/organisations/">Organisations</a>'


def assert_strict_page(response):
    """Our stylesheet, the nonce on every script, no inline style: the CSP holds on errors too."""
    body = response.content.decode()
    assert "/static/relmap/relmap.css" in body
    assert 'style="' not in body
    policy = response["Content-Security-Policy"]
    if "'nonce-" in policy:
        nonce = policy.split("'nonce-")[1].split("'")[0]
        assert body.count("<script") == body.count(f'nonce="{nonce}"')
    return body


def test_an_unknown_page_is_a_styled_404_with_the_navigation(client, owner):
    client.force_login(owner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = assert_strict_page(response)
    assert "<h1>Page not found</h1>" in body
    assert "<code>/no-such-page/</code>" in body
    assert NAV_LINK in body
    assert "Log out" in body


def test_a_fenced_record_is_the_same_404_for_an_outsider(client, outsider, fenced_contact):
    client.force_login(outsider)
    response = client.get(f"/contacts/{fenced_contact.pk}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body and NAV_LINK in body
    assert "Fenced" not in body


def test_the_404_page_shows_the_address_quoted(client, owner):
    client.force_login(owner)
    body = client.get("/<script>x</script>/").content.decode()
    assert "<script>x</script>" not in body
    assert "<code>/%3Cscript%3Ex%3C/script%3E/</code>" in body


def test_an_anonymous_visitor_gets_the_404_page_without_the_menu(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body
    assert NAV_LINK not in body


@pytest.mark.urls("tests.relmap.urls_failing")
def test_a_refusal_is_a_styled_403_saying_why(client, owner):
    client.force_login(owner)
    response = client.get("/refused/")
    assert response.status_code == 403
    body = assert_strict_page(response)
    assert "<h1>You may not do this</h1>" in body
    assert "Only the account&#x27;s team may change this." in body
    assert NAV_LINK in body


@pytest.mark.urls("tests.relmap.urls_failing")
def test_a_server_error_is_a_styled_500_with_a_menu_that_needs_no_user(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    response = client.get("/broken/")
    assert response.status_code == 500
    body = assert_strict_page(response)
    assert "<h1>Something went wrong</h1>" in body
    assert NAV_LINK in body
    assert "boom" not in body


def test_the_500_page_renders_without_any_context():
    body = loader.get_template("500.html").render()
    assert "<h1>Something went wrong</h1>" in body
    assert '<nav aria-label="Main" class="error-nav">' in body
    assert NAV_LINK in body


@pytest.mark.urls("tests.relmap.urls_failing")
def test_a_request_django_refuses_to_read_is_a_styled_400(client, owner):
    client.force_login(owner)
    response = client.get("/suspicious/")
    assert response.status_code == 400
    body = assert_strict_page(response)
    assert "<h1>Relmap could not read this request</h1>" in body
    assert "forged" not in body


def test_a_form_without_its_csrf_token_is_a_styled_403(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    body = assert_strict_page(response)
    assert "<h1>This form has expired</h1>" in body
    assert NAV_LINK in body


@pytest.mark.urls("tests.relmap.urls_failing")
def test_errors_under_the_api_stay_json(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    missing = client.get("/api/v1/no-such-resource/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found.", "code": "not_found"}
    broken = client.get("/api/v1/broken/")
    assert broken.status_code == 500
    assert broken.json() == {"detail": "Server error.", "code": "server_error"}
