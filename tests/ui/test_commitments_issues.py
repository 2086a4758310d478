import datetime as dt

import pytest
from django.utils import timezone

from interventions.models import Commitment, Issue
from tests import factories


@pytest.fixture
def account(owner):
    return factories.AccountFactory(organisation__name="Acme Steel", manager=owner)


def test_record_a_commitment_from_the_organisation_page(client, owner, account):
    client.force_login(owner)
    due = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        f"/commitments/new/?organisation={account.organisation_id}",
        {"description": "Send samples", "due_on": due.isoformat(), "made_by": "ours"},
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.owner == owner and commitment.due_on == due
    assert "Send samples" in client.get(response["Location"]).content.decode()


def test_invalid_commitment_shows_errors_and_stores_nothing(client, owner, account):
    client.force_login(owner)
    response = client.post(
        f"/commitments/new/?organisation={account.organisation_id}",
        {"description": "", "due_on": "not a date", "made_by": "ours"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and "Enter a valid date." in body
    assert Commitment.objects.count() == 0


def test_overdue_commitments_stand_out(client, owner, account):
    factories.CommitmentFactory(
        organisation=account.organisation,
        description="Late promise",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    client.force_login(owner)
    body = client.get(f"/organisations/{account.organisation_id}/").content.decode()
    assert "overdue-item" in body and '<span class="overdue">overdue</span>' in body


def test_update_commitment_status(client, owner, account):
    commitment = factories.CommitmentFactory(organisation=account.organisation)
    client.force_login(owner)
    response = client.post(f"/commitments/{commitment.pk}/status/", {"status": "kept"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "kept" and commitment.closed_at is not None


def test_unknown_commitment_status_is_refused(client, owner, account):
    commitment = factories.CommitmentFactory(organisation=account.organisation)
    client.force_login(owner)
    client.post(f"/commitments/{commitment.pk}/status/", {"status": "forgotten"})
    commitment.refresh_from_db()
    assert commitment.status == "open"


def test_record_escalate_and_resolve_an_issue(client, owner, account):
    contact = factories.ContactFactory(organisation=account.organisation)
    client.force_login(owner)
    response = client.post(
        f"/issues/new/?organisation={account.organisation_id}",
        {
            "summary": "Invoice twice",
            "category": "billing_dispute",
            "severity": "high",
            "contact": contact.pk,
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.contact == contact and issue.owner == owner
    client.post(f"/issues/{issue.pk}/escalate/")
    issue.refresh_from_db()
    assert issue.escalated
    client.post(f"/issues/{issue.pk}/resolve/", {"resolution": "Credit note sent."})
    issue.refresh_from_db()
    assert issue.resolved_at is not None and issue.resolution == "Credit note sent."
    body = client.get(f"/organisations/{account.organisation_id}/").content.decode()
    assert "No open issues." in body


def test_issue_form_page_shows_errors(client, owner, account):
    client.force_login(owner)
    response = client.post(
        f"/issues/new/?organisation={account.organisation_id}", {"summary": "", "category": "x"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Issue.objects.count() == 0
