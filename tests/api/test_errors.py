"""Errors under /api/ are JSON, and no input produces a 5xx."""

import pytest

from tests import factories


def test_unknown_url_under_api_is_json_404(client_for, owner):
    response = client_for(owner).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_unknown_url_under_api_is_json_404_for_anonymous_too(anon, db):
    response = anon.get("/api/nothing/here")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_non_numeric_and_huge_ids_are_json_404(client_for, owner):
    client = client_for(owner)
    for path in ("abc", "1.5", "-1", "99999999999999999999999999", "%00"):
        response = client.get(f"/api/v1/contacts/{path}/")
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_405_is_json(client_for, owner):
    response = client_for(owner).delete("/api/v1/contacts/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_users_are_read_only(client_for, admin_user):
    response = client_for(admin_user).post("/api/v1/users/", {"username": "x"}, format="json")
    assert response.status_code == 405


def test_wrong_content_type_is_415(client_for, owner):
    response = client_for(owner).post(
        "/api/v1/contacts/", "first_name=A", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "body",
    [
        '{"first_name": "\\ud800"}',
        "{bad",
        "[1, 2]",
        '"text"',
        "null",
        "1e999999",
        "\x00",
        "[" * 100_000,
        '{"a": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_malformed_or_wrong_shaped_json_is_400(client_for, owner, body):
    response = client_for(owner).generic(
        "POST", "/api/v1/contacts/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "payload",
    [
        {"first_name": "A\x00B"},
        {"first_name": "A" * 100_000},
        {"first_name": "A", "notes": "n" * 1_000_000},
        {"first_name": "A", "influence": 2**70},
        {"first_name": "A", "influence": -(2**70)},
        {"first_name": "A", "influence": "lots"},
        {"first_name": "A", "organisation": 2**70},
        {"first_name": "A", "organisation": "x"},
        {"first_name": "A", "organisation": [1]},
        {"first_name": ["A"]},
        {"first_name": {"a": 1}},
        {"first_name": "A", "consent_marketing": "perhaps"},
        {"first_name": "A", "external_id": "e" * 300},
    ],
)
def test_bad_values_are_400_never_500(client_for, owner, payload):
    response = client_for(owner).post("/api/v1/contacts/", payload, format="json")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "query",
    [
        "search=%00",
        "organisation=abc",
        "organisation=99999999999999999999999",
        "updated_after=yesterday",
        "updated_after=2026-13-45T00:00:00Z",
        "seniority=boss",
        "search=" + "s" * 500,
    ],
)
def test_bad_filters_are_400(client_for, owner, query):
    response = client_for(owner).get(f"/api/v1/contacts/?{query}")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("page", ["0", "abc", "999999", "99999999999999999999999"])
def test_bad_pages_are_json_404(client_for, owner, page):
    response = client_for(owner).get(f"/api/v1/contacts/?page={page}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("value", ["2026-02-30", "not a date", "99999-01-01", "0000-00-00"])
def test_bad_dates_are_400(client_for, owner, value):
    org = factories.OrganisationFactory()
    response = client_for(owner).post(
        "/api/v1/commitments/",
        {"organisation": org.pk, "description": "Send it", "due_on": value},
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2026-01-01T25:00:00Z"]
)
def test_datetimes_out_of_range_are_400(client_for, owner, value):
    org = factories.OrganisationFactory()
    response = client_for(owner).post(
        "/api/v1/issues/",
        {"organisation": org.pk, "category": "service", "summary": "S", "opened_at": value},
        format="json",
    )
    assert response.status_code == 400


def test_body_over_the_limit_is_413(client_for, owner):
    response = client_for(owner).generic(
        "POST",
        "/api/v1/contacts/",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_deleting_a_referenced_row_is_409(client_for, owner):
    org = factories.OrganisationFactory()
    factories.ContactFactory(organisation=org)
    response = client_for(owner).delete(f"/api/v1/organisations/{org.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_pages_outside_the_api_keep_their_html_errors(client_for, owner):
    client = client_for(owner)
    client.force_login(owner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


@pytest.mark.urls("tests.api.urls_failing")
@pytest.mark.parametrize("path", ["/api/v1/plain-failure/", "/api/v1/api-failure/"])
def test_server_errors_under_api_are_json_500(db, path):
    from rest_framework.test import APIClient

    response = APIClient(raise_request_exception=False).get(path)
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error.", "code": "server_error"}
