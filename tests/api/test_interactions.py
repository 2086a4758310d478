from interventions.models import Interaction
from stakeholders.models import Relationship
from tests import factories

URL = "/api/v1/interactions/"


def test_log_an_interaction_updates_relationships(client_for, teammate, fenced_org, fenced_contact):
    response = client_for(teammate).post(
        URL,
        {
            "organisation": fenced_org.pk,
            "contacts": [fenced_contact.pk],
            "summary": "Lunch with Fiona",
            "kind": "meeting",
            "sentiment": 2,
            "external_id": "cal:1",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["logged_by"] == teammate.pk and body["staff"] == [teammate.pk]
    assert body["tier"] == "operational" and body["version"] == 1
    rel = Relationship.objects.get(staff=teammate, contact=fenced_contact)
    assert rel.interaction_count == 1 and rel.strength > 0


def test_interaction_at_a_fenced_account_from_outside_is_403_and_stores_nothing(
    client_for, outsider, fenced_org
):
    response = client_for(outsider).post(
        URL, {"organisation": fenced_org.pk, "summary": "Cold call"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Interaction.objects.exists()
    assert not Relationship.objects.exists()


def test_interaction_bad_input(client_for, owner):
    org = factories.OrganisationFactory()
    stranger = factories.ContactFactory()
    client = client_for(owner)
    wrong = client.post(
        URL,
        {"organisation": org.pk, "summary": "", "sentiment": 5, "kind": "telepathy"},
        format="json",
    )
    assert wrong.status_code == 400 and {"summary", "sentiment", "kind"} <= set(wrong.json())
    future = client.post(
        URL,
        {"organisation": org.pk, "summary": "S", "occurred_at": "2999-01-01T00:00:00Z"},
        format="json",
    )
    assert future.status_code == 400 and "occurred_at" in future.json()
    elsewhere = client.post(
        URL, {"organisation": org.pk, "summary": "S", "contacts": [stranger.pk]}, format="json"
    )
    assert elsewhere.status_code == 400 and "contacts" in elsewhere.json()


def test_outsider_gets_404_and_hidden_contacts_do_not_exist(
    client_for, owner, outsider, fenced_org, fenced_contact
):
    interaction = factories.InteractionFactory(organisation=fenced_org, logged_by=owner)
    client = client_for(outsider)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{interaction.pk}/").status_code == 404
    assert client.patch(f"{URL}{interaction.pk}/", {"notes": "x"}, format="json").status_code == 404
    open_org = factories.OrganisationFactory()
    response = client.post(
        URL,
        {"organisation": open_org.pk, "summary": "S", "contacts": [fenced_contact.pk]},
        format="json",
    )
    assert response.status_code == 400 and "does not exist" in response.json()["contacts"][0]


def test_only_the_description_changes_after_logging(client_for, owner):
    interaction = factories.InteractionFactory(logged_by=owner)
    client = client_for(owner)
    url = f"{URL}{interaction.pk}/"
    assert client.get(url)["ETag"] == '"1"'
    changed = client.patch(
        url, {"summary": "Better", "kind": "call"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert changed["ETag"] == '"2"'
    stale = client.patch(url, {"summary": "Worse"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    folded = client.patch(url, {"sentiment": -2}, format="json")
    assert folded.status_code == 400 and "sentiment" in folded.json()
    assert client.get(f"{URL}?kind=call&search=better").json()["count"] == 1
    assert client.delete(url).status_code == 204
    assert not Interaction.objects.exists()


def test_put_repeats_the_folded_fields_and_changes_the_description(client_for, owner):
    org = factories.OrganisationFactory()
    contact = factories.ContactFactory(organisation=org)
    client = client_for(owner)
    created = client.post(
        URL, {"organisation": org.pk, "contacts": [contact.pk], "summary": "First"}, format="json"
    ).json()
    replaced = client.put(
        f"{URL}{created['id']}/",
        {
            "organisation": org.pk,
            "contacts": [contact.pk],
            "staff": [owner.pk],
            "occurred_at": created["occurred_at"],
            "sentiment": 0,
            "summary": "Second",
            "notes": "Longer notes.",
        },
        format="json",
    )
    assert replaced.status_code == 200, replaced.json()
    assert replaced.json()["summary"] == "Second" and replaced.json()["version"] == 2
