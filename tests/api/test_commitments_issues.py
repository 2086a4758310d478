from django.utils import timezone

from interventions.models import Commitment, Issue
from tests import factories


def test_commitment_lifecycle(client_for, owner):
    org = factories.OrganisationFactory()
    client = client_for(owner)
    created = client.post(
        "/api/v1/commitments/",
        {"organisation": org.pk, "description": "Send the proposal", "due_on": "2026-05-01"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["owner"] == owner.pk and created.json()["status"] == "open"
    url = f"/api/v1/commitments/{created.json()['id']}/"
    kept = client.patch(url, {"status": "kept"}, format="json")
    assert kept.status_code == 200 and kept.json()["closed_at"] is not None
    assert client.get("/api/v1/commitments/?status=kept").json()["count"] == 1
    assert client.patch(url, {"status": "forgotten"}, format="json").status_code == 400
    assert client.delete(url).status_code == 204
    assert not Commitment.objects.exists()


def test_commitment_bad_input(client_for, owner):
    response = client_for(owner).post(
        "/api/v1/commitments/", {"organisation": 10**9, "made_by": "nobody"}, format="json"
    )
    assert response.status_code == 400
    assert {"organisation", "made_by", "description", "due_on"} <= set(response.json())


def test_commitments_behind_the_fence(client_for, outsider, teammate, fenced_org):
    commitment = factories.CommitmentFactory(organisation=fenced_org)
    outsider_client = client_for(outsider)
    assert outsider_client.get("/api/v1/commitments/").json()["count"] == 0
    assert outsider_client.get(f"/api/v1/commitments/{commitment.pk}/").status_code == 404
    refused = outsider_client.post(
        "/api/v1/commitments/",
        {"organisation": fenced_org.pk, "description": "D", "due_on": "2026-05-01"},
        format="json",
    )
    assert refused.status_code == 403
    assert Commitment.objects.count() == 1
    assert client_for(teammate).get(f"/api/v1/commitments/{commitment.pk}/").status_code == 200


def test_issue_lifecycle(client_for, owner):
    org = factories.OrganisationFactory()
    contact = factories.ContactFactory(organisation=org)
    client = client_for(owner)
    created = client.post(
        "/api/v1/issues/",
        {
            "organisation": org.pk,
            "contact": contact.pk,
            "category": "late_delivery",
            "summary": "Late",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/issues/{created.json()['id']}/"
    escalated = client.patch(url, {"escalated": True}, format="json").json()
    assert escalated["escalated"] is True and escalated["escalated_at"] is not None
    resolved = client.patch(
        url, {"resolved_at": "2999-01-01T00:00:00Z", "resolution": "Refunded"}, format="json"
    )
    assert resolved.status_code == 200
    assert resolved.json()["resolution"] == "Refunded"
    assert client.get("/api/v1/issues/?open=false&category=late_delivery").json()["count"] == 1
    assert client.delete(url).status_code == 204
    assert not Issue.objects.exists()


def test_issue_bad_input(client_for, owner):
    org = factories.OrganisationFactory()
    stranger = factories.ContactFactory()
    client = client_for(owner)
    response = client.post(
        "/api/v1/issues/",
        {"organisation": org.pk, "category": "weather", "severity": "apocalyptic", "summary": ""},
        format="json",
    )
    assert response.status_code == 400
    assert {"category", "severity", "summary"} <= set(response.json())
    elsewhere = client.post(
        "/api/v1/issues/",
        {"organisation": org.pk, "contact": stranger.pk, "category": "service", "summary": "S"},
        format="json",
    )
    assert elsewhere.status_code == 400


def test_issues_behind_the_fence(client_for, outsider, fenced_org):
    issue = factories.IssueFactory(organisation=fenced_org)
    client = client_for(outsider)
    assert client.get("/api/v1/issues/").json()["count"] == 0
    assert client.get(f"/api/v1/issues/{issue.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/issues/{issue.pk}/", {"summary": "x"}, format="json").status_code
        == 404
    )
    refused = client.post(
        "/api/v1/issues/",
        {"organisation": fenced_org.pk, "category": "service", "summary": "S"},
        format="json",
    )
    assert refused.status_code == 403
    assert Issue.objects.count() == 1


def test_an_escalation_is_taken_back_through_the_api(client_for, owner, fenced_account):
    issue = factories.IssueFactory(
        organisation=fenced_account.organisation, escalated=True, escalated_at=timezone.now()
    )
    client = client_for(owner)
    taken_back = client.patch(f"/api/v1/issues/{issue.pk}/", {"escalated": False}, format="json")
    assert taken_back.status_code == 200
    assert (taken_back.json()["escalated"], taken_back.json()["escalated_at"]) == (False, None)


def test_a_commitment_keeps_the_date_it_was_really_closed(client_for, owner):
    org = factories.OrganisationFactory()
    body = {
        "organisation": org.pk,
        "description": "Send the prices",
        "due_on": "2025-01-31",
        "status": "kept",
        "closed_at": "2025-01-30T16:00:00Z",
    }
    created = client_for(owner).post("/api/v1/commitments/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["closed_at"].startswith("2025-01-30T16:00")
    future = {**body, "closed_at": "2999-01-01T00:00:00Z"}
    refused = client_for(owner).post("/api/v1/commitments/", future, format="json")
    assert refused.status_code == 400 and "future" in refused.json()["closed_at"][0]
    still_open = {**body, "status": "open"}
    assert (
        client_for(owner).post("/api/v1/commitments/", still_open, format="json").status_code == 400
    )
