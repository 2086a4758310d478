import datetime as dt

import pytest

from interventions.models import Intervention
from tests import factories

URL = "/api/v1/interventions/"


def plan(**target):
    return {
        "title": "Quarterly review",
        "purpose": "develop",
        "objective": "Agree the roadmap.",
        "intended_outcome": "A signed plan.",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
        **target,
    }


def test_plan_an_intervention_reports_conflicts(client_for, owner, outsider, other_unit):
    org = factories.OrganisationFactory()
    other = factories.InterventionFactory(
        organisation=org,
        owner=outsider,
        unit=other_unit,
        starts_on=dt.date(2026, 3, 15),
        ends_on=dt.date(2026, 4, 15),
    )
    response = client_for(owner).post(URL, plan(organisation=org.pk), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["target_kind"] == "organisation" and body["owner"] == owner.pk
    assert body["conflicts"] == [
        {
            "id": other.pk,
            "title": other.title,
            "owner": outsider.pk,
            "unit": other_unit.pk,
            "starts_on": "2026-03-15",
            "ends_on": "2026-04-15",
        }
    ]
    detail = client_for(owner).get(f"{URL}{body['id']}/").json()
    assert [c["id"] for c in detail["conflicts"]] == [other.pk]


@pytest.mark.parametrize(
    "target",
    [
        {},
        {"organisation": "ORG", "community": "COMMUNITY"},
        {"organisation": "ORG", "contacts": ["CONTACT"]},
        {"contacts": []},
    ],
)
def test_exactly_one_target_or_400(client_for, owner, target):
    org = factories.OrganisationFactory()
    ids = {
        "ORG": org.pk,
        "COMMUNITY": factories.CommunityFactory().pk,
        "CONTACT": factories.ContactFactory(organisation=org).pk,
    }
    payload = {
        k: ([ids[x] for x in v] if isinstance(v, list) else ids[v]) for k, v in target.items()
    }
    response = client_for(owner).post(URL, plan(**payload), format="json")
    assert response.status_code == 400
    assert not Intervention.objects.exists()


def test_plan_at_a_community_and_at_contacts(client_for, owner):
    client = client_for(owner)
    community = factories.CommunityFactory()
    assert client.post(URL, plan(community=community.pk), format="json").status_code == 201
    contact = factories.ContactFactory()
    at_contacts = client.post(URL, plan(contacts=[contact.pk]), format="json")
    assert at_contacts.status_code == 201
    assert at_contacts.json()["target_kind"] == "contacts"
    assert at_contacts.json()["contacts"] == [contact.pk]
    assert client.get(f"{URL}?community={community.pk}").json()["count"] == 1
    assert client.get(f"{URL}?contact={contact.pk}").json()["count"] == 1


def test_intervention_bad_input(client_for, owner):
    org = factories.OrganisationFactory()
    response = client_for(owner).post(
        URL,
        plan(
            organisation=org.pk, purpose="everything", starts_on="2026-04-01", ends_on="2026-03-01"
        ),
        format="json",
    )
    assert response.status_code == 400


def test_outsider_cannot_plan_at_a_fenced_account(client_for, outsider, fenced_org):
    response = client_for(outsider).post(URL, plan(organisation=fenced_org.pk), format="json")
    assert response.status_code == 403
    assert not Intervention.objects.exists()


def test_fenced_interventions_are_404_for_the_outsider(client_for, owner, outsider, fenced_org):
    intervention = factories.InterventionFactory(organisation=fenced_org, owner=owner)
    client = client_for(outsider)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{intervention.pk}/").status_code == 404
    assert client.delete(f"{URL}{intervention.pk}/").status_code == 404


def test_update_and_close_an_intervention(client_for, owner):
    intervention = factories.InterventionFactory(owner=owner)
    client = client_for(owner)
    url = f"{URL}{intervention.pk}/"
    assert client.patch(url, {"title": "Renamed"}, format="json").json()["title"] == "Renamed"
    target = client.patch(url, {"organisation": factories.OrganisationFactory().pk}, format="json")
    assert target.status_code == 400 and "organisation" in target.json()
    incomplete = client.patch(url, {"status": "done"}, format="json")
    assert incomplete.status_code == 400
    closed = client.patch(
        url,
        {"status": "done", "actual_outcome": "Signed.", "outcome_rating": "achieved"},
        format="json",
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["closed_at"] is not None
    assert client.delete(url).status_code == 204


def test_teammate_may_change_and_outsider_may_not_see(client_for, owner, teammate, fenced_org):
    intervention = factories.InterventionFactory(organisation=fenced_org, owner=owner)
    url = f"{URL}{intervention.pk}/"
    assert client_for(teammate).patch(url, {"title": "T"}, format="json").status_code == 200
    assert client_for(teammate).get(f"{URL}?organisation={fenced_org.pk}").json()["count"] == 1


def test_contacts_behind_a_fence_are_left_out_of_an_intervention(
    client_for, owner, outsider, fenced_contact
):
    open_contact = factories.ContactFactory()
    intervention = factories.InterventionFactory(
        target_kind="contacts", organisation=None, owner=owner
    )
    intervention.contacts.set([fenced_contact, open_contact])
    body = client_for(outsider).get(f"{URL}{intervention.pk}/").json()
    assert body["contacts"] == [open_contact.pk]
    listed = client_for(outsider).get(URL).json()["results"][0]
    assert listed["contacts"] == [open_contact.pk]
    insider_view = client_for(owner).get(f"{URL}{intervention.pk}/").json()
    assert set(insider_view["contacts"]) == {fenced_contact.pk, open_contact.pk}
