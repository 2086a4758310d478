from stakeholders.models import Community, Unit
from tests import factories


def test_community_crud(client_for, owner, unit):
    client = client_for(owner)
    created = client.post(
        "/api/v1/communities/",
        {
            "name": "Regulators EU",
            "kind": "regulators",
            "tier": "institutional",
            "owner_unit": unit.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/communities/{created.json()['id']}/"
    assert client.get(url).json()["owner_unit"] == unit.pk
    changed = client.patch(url, {"objective": "Be consulted early."}, format="json")
    assert changed.status_code == 200 and changed.json()["objective"] == "Be consulted early."
    assert client.get("/api/v1/communities/?kind=regulators&search=EU").json()["count"] == 1
    assert client.delete(url).status_code == 204
    assert not Community.objects.exists()


def test_community_bad_input(client_for, owner):
    factories.CommunityFactory(name="Taken")
    response = client_for(owner).post(
        "/api/v1/communities/", {"name": "Taken", "kind": "aliens"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"name", "kind"}


def test_community_in_use_cannot_be_deleted(client_for, owner):
    community = factories.CommunityFactory()
    factories.InterventionFactory(
        target_kind="community", organisation=None, community=community, owner=owner
    )
    assert client_for(owner).delete(f"/api/v1/communities/{community.pk}/").status_code == 409


def test_only_admins_write_units(client_for, owner, admin_user, unit):
    payload = {"name": "Public Affairs", "parent": unit.pk}
    refused = client_for(owner).post("/api/v1/units/", payload, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert client_for(owner).delete(f"/api/v1/units/{unit.pk}/").status_code == 403
    admin = client_for(admin_user)
    created = admin.post("/api/v1/units/", payload, format="json")
    assert created.status_code == 201
    assert client_for(owner).get(f"/api/v1/units/?parent={unit.pk}").json()["count"] == 1
    assert (
        admin.patch(
            f"/api/v1/units/{created.json()['id']}/", {"head": admin_user.pk}, format="json"
        ).json()["head"]
        == admin_user.pk
    )


def test_a_unit_cannot_be_inside_itself(client_for, admin_user, unit):
    child = factories.UnitFactory(name="Child", parent=unit)
    client = client_for(admin_user)
    assert (
        client.patch(f"/api/v1/units/{unit.pk}/", {"parent": unit.pk}, format="json").status_code
        == 400
    )
    assert (
        client.patch(f"/api/v1/units/{unit.pk}/", {"parent": child.pk}, format="json").status_code
        == 400
    )
    assert Unit.objects.get(pk=unit.pk).parent is None


def test_users_list_and_filter(client_for, owner, teammate, unit):
    client = client_for(owner)
    body = client.get("/api/v1/users/?username=TEAMMATE").json()
    assert body["results"] == [
        {
            "id": teammate.pk,
            "username": "teammate",
            "full_name": teammate.get_full_name(),
            "role": "account_manager",
            "unit": unit.pk,
        }
    ]
    assert client.get(f"/api/v1/users/{owner.pk}/").json()["username"] == "owner"
    assert client.get(f"/api/v1/users/?unit={unit.pk}").json()["count"] == 2
    assert client.get("/api/v1/users/?role=executive").json()["count"] == 0
    assert client.get("/api/v1/users/?role=wizard").status_code == 400
    assert client.patch(f"/api/v1/users/{owner.pk}/", {}, format="json").status_code == 405
