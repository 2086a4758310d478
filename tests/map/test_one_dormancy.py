"""One definition of dormant: the organisation and contact pages, the API and the map agree on a
relationship whose stored status still says active but whose last contact is past its limit."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from stakeholders import dormancy
from stakeholders.models import Relationship
from tests import factories


def _lapsed_but_marked_active(owner):
    account = factories.AccountFactory(organisation__name="Quiet Ltd", manager=owner)
    contact = factories.ContactFactory(organisation=account.organisation, first_name="Quinn")
    long_ago = timezone.now() - dt.timedelta(days=426)
    relationship = factories.RelationshipFactory(
        staff=owner, contact=contact, tier="operational", last_interaction_at=long_ago
    )
    Relationship.objects.filter(pk=relationship.pk).update(created_at=long_ago)
    return account, contact, relationship


def test_pages_api_and_map_all_call_a_lapsed_relationship_dormant(client, owner):
    account, contact, relationship = _lapsed_but_marked_active(owner)
    assert relationship.status == "active"
    client.force_login(owner)

    org_page = client.get(f"/organisations/{account.organisation_id}/").content.decode()
    relationships = org_page[org_page.index('id="relationships-h"') :]
    assert "Dormant" in relationships[: relationships.index("</table>")]
    contact_page = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Dormant" in contact_page[contact_page.index('id="relationships-h"') :]

    api = APIClient()
    api.force_authenticate(owner)
    row = api.get(f"/api/v1/relationships/{relationship.pk}/").json()
    assert row["dormant"] is True and row["status"] == "active"
    listed = api.get("/api/v1/relationships/").json()["results"]
    assert [r["dormant"] for r in listed] == [True]
    map_data = api.get(f"/api/v1/accounts/{account.pk}/map/").json()
    assert [d["relationship"] for d in map_data["dormant"]] == [relationship.pk]


def test_a_recent_contact_is_active_and_an_ended_relationship_is_ended(owner):
    now = timezone.now()
    recent = factories.RelationshipFactory(last_interaction_at=now - dt.timedelta(days=3))
    ended = factories.RelationshipFactory(status="ended", last_interaction_at=None)
    assert dormancy.state(recent, now) == "active"
    assert dormancy.state(ended, now) == "ended"
    annotated = {r.pk: r.state for r in Relationship.objects.with_dormancy()}
    assert annotated == {recent.pk: "active", ended.pk: "ended"}
