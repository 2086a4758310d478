from stakeholders.models import Account
from tests import factories

URL = "/api/v1/accounts/"


def test_create_account_as_its_manager(client_for, owner, teammate):
    org = factories.OrganisationFactory()
    response = client_for(owner).post(
        URL,
        {
            "organisation": org.pk,
            "manager": owner.pk,
            "current_level": 1,
            "target_level": 3,
            "is_fenced": True,
            "team": [teammate.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    account = Account.objects.get(organisation=org)
    assert account.is_fenced and list(account.team.all()) == [teammate]


def test_account_bad_input(client_for, owner):
    parent = factories.OrganisationFactory()
    division = factories.OrganisationFactory(parent=parent)
    factories.AccountFactory(organisation=parent, manager=owner)
    client = client_for(owner)
    taken = client.post(URL, {"organisation": parent.pk}, format="json")
    assert taken.status_code == 400 and "organisation" in taken.json()
    on_division = client.post(URL, {"organisation": division.pk}, format="json")
    assert on_division.status_code == 400 and "organisation" in on_division.json()
    levels = client.post(
        URL, {"organisation": factories.OrganisationFactory().pk, "current_level": 7}, format="json"
    )
    assert levels.status_code == 400 and "current_level" in levels.json()


def test_only_the_manager_or_an_admin_may_change_fence_and_team(
    client_for, owner, teammate, admin_user, fenced_account
):
    url = f"{URL}{fenced_account.pk}/"
    refused = client_for(teammate).patch(url, {"is_fenced": False}, format="json")
    assert refused.status_code == 403
    assert client_for(teammate).patch(url, {"team": []}, format="json").status_code == 403
    assert client_for(teammate).patch(url, {"strategy": "Grow."}, format="json").status_code == 200
    assert client_for(owner).patch(url, {"team": []}, format="json").json()["team"] == []
    assert client_for(admin_user).patch(url, {"is_fenced": False}, format="json").status_code == 200


def test_others_may_not_fence_an_account_they_do_not_manage(client_for, owner, outsider):
    account = factories.AccountFactory(manager=owner)
    url = f"{URL}{account.pk}/"
    assert client_for(outsider).patch(url, {"is_fenced": True}, format="json").status_code == 403
    assert (
        client_for(outsider).patch(url, {"manager": outsider.pk}, format="json").status_code == 403
    )
    created = client_for(outsider).post(
        URL, {"organisation": factories.OrganisationFactory().pk, "is_fenced": True}, format="json"
    )
    assert created.status_code == 403


def test_outsider_gets_404_for_a_fenced_account(client_for, outsider, fenced_account):
    client = client_for(outsider)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{fenced_account.pk}/").status_code == 404
    assert client.delete(f"{URL}{fenced_account.pk}/").status_code == 404


def test_teammate_sees_the_fenced_account_and_filters(client_for, teammate, fenced_account):
    client = client_for(teammate)
    body = client.get(f"{URL}{fenced_account.pk}/").json()
    assert body["is_fenced"] is True and body["team"] == [
        client.get(URL).json()["results"][0]["team"][0]
    ]
    assert client.get(f"{URL}?is_fenced=true").json()["count"] == 1
    assert client.get(f"{URL}?team={teammate.pk}").json()["count"] == 1


def test_delete_account_by_its_manager_only(client_for, owner, teammate, fenced_account):
    url = f"{URL}{fenced_account.pk}/"
    assert client_for(teammate).delete(url).status_code == 403
    assert client_for(owner).delete(url).status_code == 204
