"""A captured meeting across a picket fence, where people see it: the account's map and
`/relmap/` of the team and executives, the map API, and the manager's notifications; never
the outsider's."""

import pytest
from rest_framework.test import APIClient

from interventions.models import Interaction
from tests.capture.files import upload
from trust import tokens

pytestmark = pytest.mark.django_db

BREACH = "Bob Baker met Chloe Petrov, outside the account team"


def test_the_breach_shows_on_the_maps_of_those_who_see_behind_the_fence(cast, client):
    upload("outlook-invite.ics", by=cast["bob"])
    acme = cast["acme"]
    for who in ("alice", "erin"):
        client.force_login(cast[who])
        page = client.get(f"/organisations/{acme.pk}/map/").content.decode()
        assert "<strong>Fence breach</strong>: " + BREACH in page
        overview = client.get("/relmap/").content.decode()
        assert "Fence breach" in overview and BREACH in overview
    client.force_login(cast["bob"])
    assert BREACH not in client.get("/relmap/").content.decode()
    assert BREACH not in client.get(f"/organisations/{acme.pk}/map/").content.decode()
    assert not Interaction.objects.visible_to(cast["bob"]).exists()


def test_the_map_api_names_the_captured_interaction(cast):
    upload("outlook-invite.ics", by=cast["bob"])
    _, key = tokens.api_token_create(user=cast["alice"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    account = cast["acme"].account
    (conflict,) = api.get(f"/api/v1/accounts/{account.pk}/map/").json()["conflicts"]
    assert conflict["kind"] == "fence_breach"
    assert conflict["message"] == BREACH
    assert conflict["interventions"] == []
    assert conflict["interaction"] == Interaction.objects.get().pk


def test_the_manager_is_told_once(cast, client):
    upload("outlook-invite.ics", by=cast["bob"])
    upload("outlook-invite.ics", by=cast["bob"])
    client.force_login(cast["alice"])
    page = client.get("/notifications/").content.decode()
    assert page.count(BREACH) == 1
