"""The API docs page over HTTP: public, in Relmap's frame, every script a static file."""

import re

from django.contrib.staticfiles import finders


def test_the_docs_page_is_public_and_loads_only_static_scripts(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    scripts = re.findall(r"<script[^>]*>", body)
    assert all(f'nonce="{nonce}"' in tag and 'src="/static/' in tag for tag in scripts)
    assert '<script src="/static/relmap/api-docs.js"' in body
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "<style" not in body and 'style="' not in body
    assert 'data-schema-url="/api/v1/schema/"' in body


def test_the_docs_page_keeps_the_navigation_for_a_signed_in_user(client, owner):
    client.force_login(owner)
    body = client.get("/api/v1/docs/").content.decode()
    assert '<a href="/organisations/">Organisations</a>' in body
    assert '<a href="/account/tokens/">your API tokens</a>' in body


def test_the_start_script_is_a_static_file():
    assert finders.find("relmap/api-docs.js")


def test_the_docs_page_takes_only_get(client, db):
    response = client.post("/api/v1/docs/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
