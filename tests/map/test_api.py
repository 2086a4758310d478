"""`GET /api/v1/accounts/{id}/map/`: shape, values, fence and 404s, schema, query count."""

from datetime import timedelta

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def url(account):
    return f"/api/v1/accounts/{account.pk}/map/"


def test_map_shape_and_values(api, owner, outsider):
    account = factories.AccountFactory(
        organisation__name="Acme", manager=owner, current_level=2, target_level=2
    )
    org = account.organisation
    boss = factories.ContactFactory(
        organisation=org, seniority="executive", first_name="Bea", last_name="Boss"
    )
    ops = factories.ContactFactory(organisation=org)
    factories.RelationshipFactory(staff=owner, contact=ops, tier="operational")
    quiet = factories.RelationshipFactory(
        staff=owner,
        contact=boss,
        tier="executive",
        last_interaction_at=timezone.now() - timedelta(days=100),
        strength=20,
    )
    today = timezone.localdate()
    first = factories.InterventionFactory(
        organisation=org,
        owner=owner,
        unit=owner.staff_profile.unit,
        starts_on=today,
        ends_on=today + timedelta(days=5),
    )
    second = factories.InterventionFactory(
        organisation=org,
        owner=outsider,
        unit=outsider.staff_profile.unit,
        starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=9),
    )
    api.force_authenticate(owner)
    response = api.get(url(account))
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["coverage", "gaps", "single_threaded", "dormant", "conflicts"]
    assert body["coverage"] == {"operational": 1, "executive": 0, "institutional": 0}
    assert body["single_threaded"] is True
    assert body["gaps"] == [
        {
            "kind": "tier_not_held",
            "tier": "executive",
            "contact": None,
            "message": "Nobody holds an active executive relationship; the account's level "
            "needs one",
        },
        {
            "kind": "executive_contact",
            "tier": "executive",
            "contact": {"id": boss.pk, "name": "Bea Boss", "job_title": "", "organisation": org.pk},
            "message": "Bea Boss is an executive with no active executive relationship",
        },
    ]
    (dormant,) = body["dormant"]
    assert dormant["relationship"] == quiet.pk
    assert dormant["staff"]["id"] == owner.pk
    assert dormant["contact"]["id"] == boss.pk
    assert (dormant["tier"], dormant["days_since_contact"], dormant["limit_days"]) == (
        "executive",
        100,
        90,
    )
    assert dormant["strength"] == 20
    (conflict,) = body["conflicts"]
    assert conflict["kind"] == "overlap"
    assert [i["id"] for i in conflict["interventions"]] == [first.pk, second.pk]
    assert conflict["starts_on"] == conflict["ends_on"] == str(today + timedelta(days=5))
    assert conflict["interventions"][1]["unit"] == {
        "id": outsider.staff_profile.unit_id,
        "name": "Field Sales",
    }


def test_empty_account(api, owner):
    account = factories.AccountFactory(manager=owner, current_level=1, target_level=1)
    api.force_authenticate(owner)
    assert api.get(url(account)).json() == {
        "coverage": {"operational": 0, "executive": 0, "institutional": 0},
        "gaps": [
            {
                "kind": "tier_not_held",
                "tier": "operational",
                "contact": None,
                "message": "Nobody holds an active operational relationship; the account's "
                "level needs one",
            }
        ],
        "single_threaded": False,
        "dormant": [],
        "conflicts": [],
    }


def test_unknown_account_is_a_json_404(api, owner):
    api.force_authenticate(owner)
    response = api.get("/api/v1/accounts/999999/map/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_fenced_account_is_a_404_for_outsiders_only(
    api, outsider, teammate, executive, fenced_account
):
    api.force_authenticate(outsider)
    assert api.get(url(fenced_account)).status_code == 404
    for user in (teammate, executive):
        api.force_authenticate(user)
        assert api.get(url(fenced_account)).status_code == 200


def test_anonymous_gets_401_or_403_not_a_login_redirect(api, fenced_account):
    assert api.get(url(fenced_account)).status_code in (401, 403)


def test_session_login_works(client, owner, fenced_account):
    client.force_login(owner)
    assert client.get(url(fenced_account)).status_code == 200


@pytest.mark.parametrize("relationships", [1, 10, 100])
def test_query_count_is_constant(
    api, owner, outsider, django_assert_max_num_queries, relationships
):
    account = factories.AccountFactory(manager=owner)
    for i in range(relationships):
        contact = factories.ContactFactory(organisation=account.organisation, seniority="executive")
        factories.RelationshipFactory(
            staff=owner if i % 2 else outsider,
            contact=contact,
            tier="executive",
            last_interaction_at=timezone.now() - timedelta(days=100 if i % 3 else 1),
        )
        factories.InterventionFactory(
            organisation=account.organisation, owner=outsider, unit=outsider.staff_profile.unit
        )
    api.force_authenticate(owner)
    # staff profile (role), account, holders, executive gaps, dormant, conflicts: organisation
    # targets, contact targets, fence breaches
    with django_assert_max_num_queries(8):
        assert api.get(url(account)).status_code == 200


def test_openapi_schema_describes_the_map():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/accounts/{id}/map/"]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/AccountMap"}
    assert "404" in operation["responses"]
    components = schema["components"]["schemas"]
    assert set(components["AccountMap"]["required"]) == {
        "coverage",
        "gaps",
        "single_threaded",
        "dormant",
        "conflicts",
    }
    gap = components["MapGap"]["properties"]
    assert gap["contact"]["nullable"] is True
    assert gap["contact"]["allOf"] == [{"$ref": "#/components/schemas/MapContactRef"}]
    assert set(components["MapDormant"]["required"]) >= {"relationship", "staff", "contact"}
    assert set(components["MapConflict"]["properties"]) == {
        "kind",
        "starts_on",
        "ends_on",
        "message",
        "interventions",
        "interaction",
    }
