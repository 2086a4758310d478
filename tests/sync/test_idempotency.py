"""Idempotency-Key on POSTs under /api/v1/: replay, 422, 409, per-user keys, failures."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from stakeholders.models import Contact
from tests import factories
from tests.sync import urls as test_urls
from tests.sync.conftest import BULK_URL
from trust.models import IdempotencyKey

pytestmark = pytest.mark.urls("tests.sync.urls")

CREATE_URL = "/api/v1/test-contacts/"


def _post(client, key, body, url=CREATE_URL):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_same_key_and_body_replays_the_first_response(admin_user, api_client):
    client = api_client(admin_user)
    first = _post(client, "k-1", {"first_name": "Ann"})
    again = _post(client, "k-1", {"first_name": "Ann"})
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Location"] == first["Location"]
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_sent_1000_times_creates_exactly_one_record(admin_user, api_client):
    client = api_client(admin_user)
    bodies = {_post(client, "retry-me", {"first_name": "Once"}).content for _ in range(1000)}
    assert len(bodies) == 1
    assert Contact.objects.filter(first_name="Once").count() == 1
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_each_post_is_applied(admin_user, api_client):
    client = api_client(admin_user)
    client.post(CREATE_URL, {"first_name": "A"}, format="json")
    client.post(CREATE_URL, {"first_name": "A"}, format="json")
    assert Contact.objects.count() == 2


@pytest.mark.django_db
def test_same_key_with_a_different_body_is_422(admin_user, api_client):
    client = api_client(admin_user)
    _post(client, "k-2", {"first_name": "Ann"})
    response = _post(client, "k-2", {"first_name": "Bob"})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_same_key_on_another_endpoint_is_422(admin_user, api_client):
    client = api_client(admin_user)
    _post(client, "k-3", {"contacts": [{"external_id": "a", "first_name": "A"}]})
    response = _post(
        client, "k-3", {"contacts": [{"external_id": "a", "first_name": "A"}]}, BULK_URL
    )
    assert response.status_code == 422


@pytest.mark.django_db
def test_keys_are_per_user(owner, teammate, api_client):
    _post(api_client(owner), "shared", {"first_name": "Ann"})
    response = _post(api_client(teammate), "shared", {"first_name": "Ann"})
    assert response.status_code == 201
    assert not response.has_header("Idempotent-Replayed")
    assert Contact.objects.count() == 2


@pytest.mark.django_db
def test_a_request_still_in_flight_gets_409(admin_user, api_client):
    client = api_client(admin_user)
    # What a request that is running (or crashed moments ago) leaves behind.
    first = _post(client, "k-4", {"first_name": "Ann"})
    IdempotencyKey.objects.filter(key="k-4").update(state=IdempotencyKey.State.IN_FLIGHT)
    response = _post(client, "k-4", {"first_name": "Ann"})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_flight"
    assert first.status_code == 201
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_an_abandoned_in_flight_key_is_taken_over_after_the_timeout(admin_user, api_client):
    client = api_client(admin_user)
    _post(client, "k-5", {"first_name": "Ann"})
    Contact.objects.all().delete()  # the crashed attempt's write was rolled back
    IdempotencyKey.objects.filter(key="k-5").update(
        state=IdempotencyKey.State.IN_FLIGHT, created_at=timezone.now() - timedelta(minutes=10)
    )
    response = _post(client, "k-5", {"first_name": "Ann"})
    assert response.status_code == 201
    assert not response.has_header("Idempotent-Replayed")
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_a_key_older_than_24_hours_is_forgotten(admin_user, api_client):
    client = api_client(admin_user)
    _post(client, "k-6", {"first_name": "Ann"})
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = _post(client, "k-6", {"first_name": "Bob"})
    assert response.status_code == 201
    assert Contact.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_request_leaves_no_write_and_no_key(admin_user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(admin_user)
    response = _post(client, "k-7", {}, url="/api/v1/test-broken/")
    assert response.status_code == 500
    assert not Contact.objects.filter(first_name="Half-done").exists()
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_bulk_upsert_retry_is_replayed_not_reapplied(admin_user, api_client):
    client = api_client(admin_user)
    factories.ContactFactory(external_id="erp:1", first_name="Old")
    body = {"contacts": [{"external_id": "erp:1", "first_name": "New", "version": 1}]}
    first = _post(client, "bulk-1", body, BULK_URL)
    again = _post(client, "bulk-1", body, BULK_URL)
    # Without the key the retry would be a conflict: version 1 is no longer stored.
    assert first.json()["results"][0]["status"] == "updated"
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "nul\x00", "tab\there"])
def test_an_empty_overlong_or_unprintable_key_is_400(key, admin_user, api_client):
    response = _post(api_client(admin_user), key, {"first_name": "Ann"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_a_key_of_255_characters_is_accepted(admin_user, api_client):
    response = _post(api_client(admin_user), "k" * 255, {"first_name": "Ann"})
    assert response.status_code == 201


@pytest.mark.django_db
def test_anonymous_posts_with_a_key_are_refused_without_storing_it(client):
    response = client.post(
        CREATE_URL, {"first_name": "A"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="a"
    )
    assert response.status_code in (401, 403)
    assert not IdempotencyKey.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_retries_create_exactly_one_record_and_the_rest_wait_or_replay(admin_user):
    def send(_):
        client = APIClient()
        client.force_authenticate(admin_user)
        try:
            return _post(client, "race", {"first_name": "Racer"}).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, range(64)))
    assert Contact.objects.filter(first_name="Racer").count() == 1
    assert set(statuses) <= {201, 409}
    assert 201 in statuses


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_retry_while_the_first_request_runs_gets_409(admin_user):
    gate = test_urls.view_gate
    gate["entered"].clear()
    gate["release"].clear()
    gate["hold"] = True
    results = {}

    def first():
        client = APIClient()
        client.force_authenticate(admin_user)
        try:
            results["first"] = _post(client, "slow", {"first_name": "Slow"})
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert gate["entered"].wait(timeout=30)
        gate["hold"] = False
        client = APIClient()
        client.force_authenticate(admin_user)
        during = _post(client, "slow", {"first_name": "Slow"})
    finally:
        gate["release"].set()
        thread.join(timeout=30)
    after = _post(client, "slow", {"first_name": "Slow"})
    assert during.status_code == 409
    assert results["first"].status_code == 201
    assert after.status_code == 201
    assert after["Idempotent-Replayed"] == "true"
    assert Contact.objects.filter(first_name="Slow").count() == 1
