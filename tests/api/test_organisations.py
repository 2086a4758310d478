from stakeholders.models import Organisation
from tests import factories

URL = "/api/v1/organisations/"


def test_create_organisation_with_a_division(client_for, owner):
    client = client_for(owner)
    community = factories.CommunityFactory()
    parent = client.post(
        URL,
        {"name": "Acme", "is_key_account": True, "communities": [community.pk], "country": "NL"},
        format="json",
    )
    assert parent.status_code == 201, parent.json()
    assert parent.json()["root"] == parent.json()["id"]
    child = client.post(
        URL, {"name": "Acme Logistics", "parent": parent.json()["id"]}, format="json"
    )
    assert child.status_code == 201
    assert child.json()["root"] == parent.json()["id"]
    assert client.get(f"{URL}?parent={parent.json()['id']}").json()["count"] == 1
    assert client.get(f"{URL}?community={community.pk}").json()["count"] == 1
    assert client.get(f"{URL}?is_key_account=true").json()["count"] == 1


def test_organisation_bad_input(client_for, owner):
    factories.OrganisationFactory(external_id="crm:1")
    response = client_for(owner).post(
        URL,
        {
            "name": "",
            "website": "nope",
            "influence": 0,
            "external_id": "crm:1",
            "lifetime_value": -5,
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"name", "website", "influence"} <= set(response.json())


def test_organisation_cannot_be_inside_its_own_division(client_for, owner):
    parent = factories.OrganisationFactory()
    child = factories.OrganisationFactory(parent=parent)
    response = client_for(owner).patch(f"{URL}{parent.pk}/", {"parent": child.pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_update_bumps_version_and_honours_if_match(client_for, owner):
    org = factories.OrganisationFactory()
    client = client_for(owner)
    assert client.get(f"{URL}{org.pk}/")["ETag"] == '"1"'
    response = client.patch(f"{URL}{org.pk}/", {"notes": "n"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response["ETag"] == '"2"'
    stale = client.patch(f"{URL}{org.pk}/", {"notes": "m"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert client.get(f"{URL}{org.pk}/", HTTP_IF_NONE_MATCH='"2"').status_code == 304


def test_outsider_sees_the_fenced_organisation_exists_but_cannot_change_it(
    client_for, outsider, teammate, fenced_org
):
    outsider_client = client_for(outsider)
    assert outsider_client.get(f"{URL}{fenced_org.pk}/").status_code == 200
    assert (
        outsider_client.patch(f"{URL}{fenced_org.pk}/", {"notes": "x"}, format="json").status_code
        == 403
    )
    assert outsider_client.delete(f"{URL}{fenced_org.pk}/").status_code == 403
    division = outsider_client.post(URL, {"name": "Sneaky", "parent": fenced_org.pk}, format="json")
    assert division.status_code == 403
    assert (
        client_for(teammate)
        .patch(f"{URL}{fenced_org.pk}/", {"notes": "ok"}, format="json")
        .status_code
        == 200
    )


def test_delete_unreferenced_organisation(client_for, owner):
    org = factories.OrganisationFactory()
    assert client_for(owner).delete(f"{URL}{org.pk}/").status_code == 204
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_only_the_account_manager_may_delete_an_organisation_holding_an_account(
    client_for, owner, teammate
):
    account = factories.AccountFactory(manager=owner, team=[teammate])
    url = f"{URL}{account.organisation_id}/"
    refused = client_for(teammate).delete(url)
    assert refused.status_code == 403
    assert Organisation.objects.filter(pk=account.organisation_id).exists()
    assert client_for(owner).delete(url).status_code == 204
