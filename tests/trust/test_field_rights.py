"""Fields that are not a non-privileged user's to write: fence, team, owner, version, audit."""

import pytest

from tests import factories
from trust.models import AuditEvent


@pytest.fixture
def rows(fenced_account, fenced_org, fenced_contact, owner, teammate):
    interaction = factories.InteractionFactory(organisation=fenced_org, logged_by=owner)
    return {
        "relationship": factories.RelationshipFactory(staff=owner, contact=fenced_contact),
        "intervention": factories.InterventionFactory(organisation=fenced_org, owner=owner),
        "commitment": factories.CommitmentFactory(
            organisation=fenced_org, interaction=interaction, owner=owner
        ),
        "issue": factories.IssueFactory(organisation=fenced_org, owner=owner),
    }


@pytest.mark.parametrize(
    ("field", "value"), [("is_fenced", False), ("team", []), ("manager", "teammate")]
)
def test_a_team_member_cannot_change_the_fence(client_for, teammate, fenced_account, field, value):
    value = teammate.pk if value == "teammate" else value
    response = client_for(teammate).patch(
        f"/api/v1/accounts/{fenced_account.pk}/", {field: value}, format="json"
    )
    assert response.status_code == 403
    fenced_account.refresh_from_db()
    assert fenced_account.is_fenced and fenced_account.manager_id != teammate.pk
    assert list(fenced_account.team.all()) == [teammate]


def test_an_outsider_cannot_fence_an_open_account_they_do_not_manage(client_for, outsider):
    account = factories.AccountFactory(is_fenced=False)
    response = client_for(outsider).patch(
        f"/api/v1/accounts/{account.pk}/", {"is_fenced": True, "team": [outsider.pk]}, format="json"
    )
    assert response.status_code == 403
    account.refresh_from_db()
    assert not account.is_fenced and not account.team.exists()


@pytest.mark.parametrize("kind", ["relationship", "intervention", "commitment", "issue"])
def test_a_team_member_cannot_hand_anothers_row_to_someone_else(client_for, teammate, rows, kind):
    row = rows[kind]
    client = client_for(teammate)  # issuing its token is a write of its own
    events = AuditEvent.objects.count()
    response = client.patch(f"/api/v1/{kind}s/{row.pk}/", {"owner": teammate.pk}, format="json")
    assert response.status_code == 403, response.content
    row.refresh_from_db()
    assert row.owner_id != teammate.pk
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["owner", "admin_user"])
@pytest.mark.parametrize("kind", ["relationship", "intervention", "commitment", "issue"])
def test_the_owner_and_admins_may_hand_a_row_over(request, client_for, teammate, rows, kind, who):
    row = rows[kind]
    client = client_for(request.getfixturevalue(who))
    response = client.patch(f"/api/v1/{kind}s/{row.pk}/", {"owner": teammate.pk}, format="json")
    assert response.status_code == 200, response.content
    row.refresh_from_db()
    assert row.owner_id == teammate.pk


def test_an_unowned_commitment_may_be_claimed_by_the_team(client_for, teammate, rows):
    commitment = rows["commitment"]
    commitment.owner = None
    commitment.save()
    response = client_for(teammate).patch(
        f"/api/v1/commitments/{commitment.pk}/", {"owner": teammate.pk}, format="json"
    )
    assert response.status_code == 200


def test_computed_and_audit_fields_are_read_only(client_for, owner, rows, fenced_contact):
    relationship = rows["relationship"]
    client = client_for(owner)
    client.patch(
        f"/api/v1/relationships/{relationship.pk}/",
        {"strength": 99, "interaction_count": 500, "created_at": "2000-01-01T00:00:00Z"},
        format="json",
    )
    before = fenced_contact.version
    client.patch(
        f"/api/v1/contacts/{fenced_contact.pk}/",
        {"version": 1000, "created_at": "2000-01-01T00:00:00Z"},
        format="json",
    )
    relationship.refresh_from_db()
    fenced_contact.refresh_from_db()
    assert relationship.strength != 99 and relationship.interaction_count != 500
    assert relationship.created_at.year != 2000
    assert fenced_contact.version in (before, before + 1)
    assert fenced_contact.created_at.year != 2000
