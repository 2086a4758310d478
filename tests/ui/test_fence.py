"""The picket fence as the pages show it."""

from interventions.models import Commitment, Interaction, Issue
from tests import factories


def test_team_member_sees_the_fenced_account_and_its_team(
    client, teammate, fenced_org, fenced_contact
):
    client.force_login(teammate)
    body = client.get(f"/organisations/{fenced_org.pk}/").content.decode()
    assert "Picket fence" in body and "Account team" in body
    assert fenced_contact.full_name in body
    assert "Log interaction" in body


def test_outsider_sees_the_fence_and_who_to_ask_but_no_detail(
    client, owner, outsider, fenced_org, fenced_contact
):
    interaction = factories.InteractionFactory(
        organisation=fenced_org, logged_by=owner, summary="Secret board meeting"
    )
    interaction.contacts.set([fenced_contact])
    factories.CommitmentFactory(organisation=fenced_org, description="Secret promise")
    factories.IssueFactory(organisation=fenced_org, summary="Secret complaint")
    client.force_login(outsider)
    response = client.get(f"/organisations/{fenced_org.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "is behind a picket fence" in body and "Ask " in body
    for secret in (
        fenced_contact.full_name,
        "Secret board meeting",
        "Secret promise",
        "Secret complaint",
    ):
        assert secret not in body, secret
    assert "Log interaction" not in body


def test_outsider_cannot_log_there_and_is_told_why(client, outsider, fenced_org, fenced_contact):
    client.force_login(outsider)
    url = f"/interactions/new/?organisation={fenced_org.pk}"
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 403
    assert 'role="alert"' in body and "is behind a picket fence" in body
    response = client.post(
        url,
        {
            "kind": "call",
            "occurred_at": "2026-01-01T10:00",
            "summary": "Sneaky call",
            "sentiment": "0",
            "contacts": [fenced_contact.pk],
            "commitment_1": "Sneaky promise",
            "due_on_1": "2026-02-01",
        },
    )
    assert response.status_code == 403
    assert Interaction.objects.count() == 0 and Commitment.objects.count() == 0


def test_outsider_cannot_record_commitments_or_issues_there(client, outsider, fenced_org):
    client.force_login(outsider)
    assert client.get(f"/commitments/new/?organisation={fenced_org.pk}").status_code == 403
    response = client.post(
        f"/issues/new/?organisation={fenced_org.pk}",
        {"summary": "x", "category": "other", "severity": "low"},
    )
    assert response.status_code == 403
    assert Issue.objects.count() == 0


def test_outsider_gets_404_for_contacts_commitments_and_issues_behind_the_fence(
    client, outsider, fenced_org, fenced_contact
):
    commitment = factories.CommitmentFactory(organisation=fenced_org)
    issue = factories.IssueFactory(organisation=fenced_org)
    client.force_login(outsider)
    assert client.get(f"/contacts/{fenced_contact.pk}/").status_code == 404
    assert (
        client.post(f"/commitments/{commitment.pk}/status/", {"status": "kept"}).status_code == 404
    )
    assert client.post(f"/issues/{issue.pk}/resolve/").status_code == 404
    assert client.post(f"/issues/{issue.pk}/escalate/").status_code == 404


def test_outsider_contact_search_finds_nobody_behind_the_fence(
    client, outsider, fenced_org, fenced_contact
):
    client.force_login(outsider)
    body = client.get(
        f"/interactions/contacts/?organisation={fenced_org.pk}&q={fenced_contact.first_name}"
    ).content.decode()
    assert fenced_contact.full_name not in body


def test_executive_sees_behind_the_fence_but_may_not_log(
    client, executive, fenced_org, fenced_contact
):
    client.force_login(executive)
    assert (
        fenced_contact.full_name in client.get(f"/organisations/{fenced_org.pk}/").content.decode()
    )
    assert client.get(f"/interactions/new/?organisation={fenced_org.pk}").status_code == 403


def test_outsider_cannot_plan_an_intervention_there(client, outsider, fenced_org):
    client.force_login(outsider)
    response = client.get(f"/interventions/new/?organisation={fenced_org.pk}")
    assert response.status_code == 403
    assert "is behind a picket fence" in response.content.decode()
