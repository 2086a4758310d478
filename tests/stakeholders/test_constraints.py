"""The database itself refuses rows that break the domain's invariants."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from interventions.models import Commitment, Interaction, Intervention, Issue
from stakeholders.models import Account, Assessment, Contact, Organisation, Relationship
from tests import factories


def rejects(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_scores_and_levels_stay_in_range(db):
    account = factories.AccountFactory()
    rejects(lambda: Account.objects.filter(pk=account.pk).update(current_level=4))
    rejects(lambda: Account.objects.filter(pk=account.pk).update(target_level=0))
    now = timezone.now()
    rejects(
        lambda: Assessment.objects.create(account=account, side="theirs", assessed_at=now, trust=6)
    )
    rejects(
        lambda: Assessment.objects.create(account=account, side="theirs", assessed_at=now, nps=11)
    )
    rejects(lambda: Organisation.objects.create(name="X", influence=9))
    rejects(lambda: Contact.objects.create(first_name="X", influence=0))
    rel = factories.RelationshipFactory()
    rejects(lambda: Relationship.objects.filter(pk=rel.pk).update(strength=101))


def test_an_unanswered_assessment_request_has_no_scores(db):
    account = factories.AccountFactory()
    rejects(
        lambda: Assessment.objects.create(
            account=account, side="theirs", requested_at=timezone.now(), trust=4
        )
    )
    rejects(lambda: Assessment.objects.create(account=account, side="theirs"))


def test_external_ids_are_unique_among_live_contacts_only(db):
    first = factories.ContactFactory(external_id="erp:1")
    rejects(lambda: factories.ContactFactory(external_id="erp:1"))
    Contact.objects.filter(pk=first.pk).update(deleted_at=timezone.now())
    assert factories.ContactFactory(external_id="erp:1").external_id == "erp:1"


def test_organisation_external_ids_are_unique(db):
    factories.OrganisationFactory(external_id="erp:org:1")
    rejects(lambda: factories.OrganisationFactory(external_id="erp:org:1"))


def test_an_organisation_cannot_be_its_own_parent(db):
    org = factories.OrganisationFactory()
    rejects(lambda: Organisation.objects.filter(pk=org.pk).update(parent=org))


def test_an_intervention_has_exactly_one_kind_of_target(db):
    org, community = factories.OrganisationFactory(), factories.CommunityFactory()
    rejects(lambda: factories.InterventionFactory(organisation=org, community=community))
    rejects(lambda: factories.InterventionFactory(target_kind="community", organisation=org))
    rejects(
        lambda: factories.InterventionFactory(
            target_kind="contacts", organisation=None, community=community
        )
    )


def test_an_intervention_ends_after_it_starts(db):
    today = dt.date(2026, 1, 10)
    rejects(
        lambda: factories.InterventionFactory(starts_on=today, ends_on=today - dt.timedelta(days=1))
    )
    assert factories.InterventionFactory(starts_on=today, ends_on=today).pk


def test_only_a_closed_intervention_carries_an_outcome_rating(db):
    rejects(lambda: factories.InterventionFactory(status="active", outcome_rating="achieved"))


def test_sentiment_runs_from_minus_two_to_plus_two(db):
    rejects(lambda: factories.InteractionFactory(sentiment=3))
    assert Interaction.objects.count() == 0


def test_a_commitment_is_closed_exactly_when_its_status_is_not_open(db):
    rejects(lambda: factories.CommitmentFactory(status="kept", closed_at=None))
    rejects(lambda: factories.CommitmentFactory(status="open", closed_at=timezone.now()))
    assert Commitment.objects.count() == 0


def test_an_issue_is_resolved_after_it_was_opened(db):
    opened = timezone.now()
    rejects(
        lambda: factories.IssueFactory(opened_at=opened, resolved_at=opened - dt.timedelta(hours=1))
    )
    assert Issue.objects.count() == 0


def test_a_relationship_pair_is_unique(db):
    rel = factories.RelationshipFactory()
    rejects(lambda: factories.RelationshipFactory(staff=rel.staff, contact=rel.contact))
    assert Intervention.objects.count() == 0
