"""The picket fence through every API endpoint: outsiders get 404 for everything behind it."""

import pytest

from tests import factories


@pytest.fixture
def fenced_rows(fenced_account, fenced_org, fenced_contact, owner):
    interaction = factories.InteractionFactory(organisation=fenced_org, logged_by=owner)
    return {
        "accounts": fenced_account,
        "contacts": fenced_contact,
        "relationships": factories.RelationshipFactory(staff=owner, contact=fenced_contact),
        "assessments": factories.AssessmentFactory(account=fenced_account),
        "interventions": factories.InterventionFactory(organisation=fenced_org, owner=owner),
        "interactions": interaction,
        "commitments": factories.CommitmentFactory(
            organisation=fenced_org, interaction=interaction
        ),
        "issues": factories.IssueFactory(organisation=fenced_org, contact=fenced_contact),
    }


RESOURCES = [
    "accounts",
    "contacts",
    "relationships",
    "assessments",
    "interventions",
    "interactions",
    "commitments",
    "issues",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_outsider_gets_404_on_every_method(client_for, outsider, fenced_rows, resource):
    client = client_for(outsider)
    url = f"/api/v1/{resource}/{fenced_rows[resource].pk}/"
    assert client.get(f"/api/v1/{resource}/").json()["count"] == 0
    assert client.get(url).status_code == 404
    assert client.put(url, {}, format="json").status_code == 404
    assert client.patch(url, {}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert type(fenced_rows[resource]).objects.filter(pk=fenced_rows[resource].pk).exists()


@pytest.mark.parametrize("who", ["owner", "teammate", "executive", "admin_user"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_the_team_and_the_privileged_see_it(request, client_for, fenced_rows, resource, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/api/v1/{resource}/").json()["count"] >= 1
    assert client.get(f"/api/v1/{resource}/{fenced_rows[resource].pk}/").status_code == 200


@pytest.mark.parametrize(
    ("resource", "field", "many"),
    [
        ("relationships", "contact", False),
        ("assessments", "respondent", False),
        ("assessments", "account", False),
        ("interventions", "contacts", True),
        ("interactions", "contacts", True),
        ("commitments", "interaction", False),
        ("issues", "contact", False),
    ],
)
def test_outsider_referring_to_hidden_rows_gets_does_not_exist(
    client_for, outsider, fenced_rows, resource, field, many
):
    target = {
        "contact": "contacts",
        "respondent": "contacts",
        "contacts": "contacts",
        "account": "accounts",
        "interaction": "interactions",
    }[field]
    pk = fenced_rows[target].pk
    response = client_for(outsider).post(
        f"/api/v1/{resource}/", {field: [pk] if many else pk}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()[field])
