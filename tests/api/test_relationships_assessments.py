import datetime as dt

from django.utils import timezone

from stakeholders.models import Assessment, Relationship
from tests import factories


def test_create_relationship_with_read_only_strength(client_for, owner, teammate, fenced_contact):
    response = client_for(teammate).post(
        "/api/v1/relationships/",
        {
            "staff": teammate.pk,
            "contact": fenced_contact.pk,
            "tier": "executive",
            "strength": 99,
            "last_interaction_at": "2026-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["strength"] == 0 and body["last_interaction_at"] is None
    assert body["owner"] == teammate.pk
    rel = Relationship.objects.get(pk=body["id"])
    assert rel.strength == 0 and rel.tier == "executive"


def test_relationship_bad_input(client_for, owner):
    contact = factories.ContactFactory()
    factories.RelationshipFactory(staff=owner, contact=contact)
    client = client_for(owner)
    duplicate = client.post(
        "/api/v1/relationships/", {"staff": owner.pk, "contact": contact.pk}, format="json"
    )
    assert duplicate.status_code == 400
    wrong = client.post(
        "/api/v1/relationships/",
        {"staff": 10**6, "contact": contact.pk, "tier": "cosmic", "status": "x"},
        format="json",
    )
    assert wrong.status_code == 400 and {"staff", "tier", "status"} <= set(wrong.json())


def test_outsider_cannot_see_or_point_at_fenced_relationships(
    client_for, owner, outsider, fenced_contact
):
    rel = factories.RelationshipFactory(staff=owner, contact=fenced_contact)
    client = client_for(outsider)
    assert client.get("/api/v1/relationships/").json()["count"] == 0
    assert client.get(f"/api/v1/relationships/{rel.pk}/").status_code == 404
    assert (
        client.patch(
            f"/api/v1/relationships/{rel.pk}/", {"purpose": "x"}, format="json"
        ).status_code
        == 404
    )
    hidden = client.post(
        "/api/v1/relationships/",
        {"staff": outsider.pk, "contact": fenced_contact.pk},
        format="json",
    )
    assert hidden.status_code == 400
    assert "does not exist" in hidden.json()["contact"][0]


def test_relationship_update_filters_and_delete(client_for, owner):
    rel = factories.RelationshipFactory(staff=owner, purpose="Renewal")
    client = client_for(owner)
    url = f"/api/v1/relationships/{rel.pk}/"
    assert client.patch(url, {"status": "dormant"}, format="json").json()["status"] == "dormant"
    assert (
        client.get(f"/api/v1/relationships/?staff={owner.pk}&status=dormant").json()["count"] == 1
    )
    assert client.get("/api/v1/relationships/?search=renew").json()["count"] == 1
    assert (
        client.get(f"/api/v1/relationships/?organisation={rel.contact.organisation_id}").json()[
            "count"
        ]
        == 1
    )
    assert client.delete(url).status_code == 204


def test_assessment_crud(client_for, owner, fenced_account, fenced_contact):
    client = client_for(owner)
    created = client.post(
        "/api/v1/assessments/",
        {
            "account": fenced_account.pk,
            "side": "theirs",
            "respondent": fenced_contact.pk,
            "trust": 4,
            "nps": 9,
            "assessed_at": "2026-03-01T10:00:00+01:00",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/assessments/{created.json()['id']}/"
    assert client.patch(url, {"comment": "Warm."}, format="json").json()["comment"] == "Warm."
    assert (
        client.get(f"/api/v1/assessments/?account={fenced_account.pk}&side=theirs").json()["count"]
        == 1
    )
    assert client.delete(url).status_code == 204
    assert not Assessment.objects.exists()


def test_assessment_bad_input(client_for, owner, fenced_account):
    client = client_for(owner)
    neither = client.post(
        "/api/v1/assessments/", {"account": fenced_account.pk, "side": "ours"}, format="json"
    )
    assert neither.status_code == 400
    unanswered_scores = client.post(
        "/api/v1/assessments/",
        {
            "account": fenced_account.pk,
            "side": "ours",
            "requested_at": "2026-01-01T00:00:00Z",
            "trust": 3,
        },
        format="json",
    )
    assert unanswered_scores.status_code == 400
    stranger = factories.ContactFactory()
    wrong_respondent = client.post(
        "/api/v1/assessments/",
        {
            "account": fenced_account.pk,
            "side": "theirs",
            "respondent": stranger.pk,
            "assessed_at": "2026-01-01T00:00:00Z",
        },
        format="json",
    )
    assert wrong_respondent.status_code == 400 and "respondent" in wrong_respondent.json()
    scale = client.post(
        "/api/v1/assessments/",
        {"account": fenced_account.pk, "side": "ours", "trust": 6, "nps": 11},
        format="json",
    )
    assert scale.status_code == 400 and {"trust", "nps"} <= set(scale.json())


def test_outsider_gets_404_for_fenced_assessments_and_400_for_the_account(
    client_for, outsider, fenced_account
):
    assessment = factories.AssessmentFactory(account=fenced_account)
    client = client_for(outsider)
    assert client.get("/api/v1/assessments/").json()["count"] == 0
    assert client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
    response = client.post(
        "/api/v1/assessments/",
        {"account": fenced_account.pk, "side": "ours", "requested_at": "2026-01-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code == 400 and "does not exist" in response.json()["account"][0]


def test_a_relationships_cadence_is_set_through_the_api(client_for, owner):
    rel = factories.RelationshipFactory(staff=owner, tier="executive")
    Relationship.objects.filter(pk=rel.pk).update(
        last_interaction_at=timezone.now() - dt.timedelta(days=40)
    )
    client = client_for(owner)
    url = f"/api/v1/relationships/{rel.pk}/"
    body = client.get(url).json()
    assert (body["cadence_days"], body["dormant"]) == (None, False)
    body = client.patch(url, {"cadence_days": 30}, format="json").json()
    assert (body["cadence_days"], body["dormant"]) == (30, True)
    for bad in (0, 731, "often"):
        refused = client.patch(url, {"cadence_days": bad}, format="json")
        assert refused.status_code == 400 and "cadence_days" in refused.json()
    rel.refresh_from_db()
    assert rel.cadence_days == 30
