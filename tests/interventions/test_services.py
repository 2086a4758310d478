import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from interventions import services
from interventions.models import Commitment, Interaction, Intervention, Issue
from stakeholders.models import Relationship
from tests import factories


def test_logging_an_interaction_updates_the_relationships_it_touches(owner):
    org = factories.OrganisationFactory()
    ana, ben = factories.ContactFactory.create_batch(2, organisation=org)
    existing = factories.RelationshipFactory(staff=owner, contact=ana, tier="executive")
    when = timezone.now() - dt.timedelta(hours=2)
    interaction = services.interaction_log(
        logged_by=owner,
        organisation=org,
        summary="Kick-off",
        contacts=[ana, ben],
        occurred_at=when,
        sentiment=2,
    )
    assert list(interaction.staff.all()) == [owner]
    existing.refresh_from_db()
    assert existing.last_interaction_at == when
    assert existing.interaction_count == 1 and existing.strength > 0
    created = Relationship.objects.get(staff=owner, contact=ben)
    assert created.tier == interaction.tier and created.last_interaction_at == when


def test_the_tier_defaults_from_the_most_senior_participant(owner):
    org = factories.OrganisationFactory()
    ceo = factories.ContactFactory(organisation=org, seniority="executive")
    buyer = factories.ContactFactory(organisation=org)
    assert (
        services.interaction_log(
            logged_by=owner, organisation=org, summary="x", contacts=[buyer]
        ).tier
        == "operational"
    )
    assert (
        services.interaction_log(
            logged_by=owner, organisation=org, summary="y", contacts=[buyer, ceo]
        ).tier
        == "executive"
    )


def test_outsiders_cannot_log_behind_a_fence(outsider, fenced_org, fenced_contact):
    with pytest.raises(PermissionDenied) as excinfo:
        services.interaction_log(
            logged_by=outsider, organisation=fenced_org, summary="x", contacts=[fenced_contact]
        )
    assert "picket fence" in str(excinfo.value)
    assert Interaction.objects.count() == 0 and Relationship.objects.count() == 0


def test_the_team_can_log_behind_the_fence(teammate, fenced_org, fenced_contact):
    services.interaction_log(
        logged_by=teammate, organisation=fenced_org, summary="x", contacts=[fenced_contact]
    )
    assert Interaction.objects.count() == 1


def test_contacts_must_belong_to_the_organisation_or_its_divisions(owner):
    org = factories.OrganisationFactory()
    division = factories.OrganisationFactory(parent=org)
    stranger = factories.ContactFactory()
    insider = factories.ContactFactory(organisation=division)
    with pytest.raises(ValidationError):
        services.interaction_log(
            logged_by=owner, organisation=org, summary="x", contacts=[stranger]
        )
    assert services.interaction_log(
        logged_by=owner, organisation=org, summary="x", contacts=[insider]
    )


def test_commitments_made_in_an_interaction_are_recorded_with_it(owner):
    org = factories.OrganisationFactory()
    due = timezone.localdate() + dt.timedelta(days=5)
    interaction = services.interaction_log(
        logged_by=owner,
        organisation=org,
        summary="QBR",
        commitments=[services.CommitmentDraft(description="Send prices", due_on=due)],
    )
    commitment = Commitment.objects.get()
    assert (commitment.interaction, commitment.owner, commitment.due_on) == (
        interaction,
        owner,
        due,
    )


def _plan(user, org, start, days=30, **kw):
    return services.intervention_plan(
        planned_by=user,
        title="Plan",
        purpose="develop",
        objective="Grow.",
        intended_outcome="More.",
        organisation=org,
        starts_on=start,
        ends_on=start + dt.timedelta(days=days),
        **kw,
    )


def test_planning_an_overlapping_intervention_from_another_unit_reports_the_conflict(
    owner, outsider
):
    org = factories.OrganisationFactory()
    start = dt.date(2026, 3, 1)
    first, conflicts = _plan(owner, org, start)
    assert conflicts == []
    second, conflicts = _plan(outsider, org, start + dt.timedelta(days=10))
    assert conflicts == [first]


def test_adjacent_windows_do_not_conflict(owner, outsider):
    org = factories.OrganisationFactory()
    _plan(owner, org, dt.date(2026, 3, 1), days=30)
    _, conflicts = _plan(outsider, org, dt.date(2026, 4, 1))
    assert conflicts == []


def test_a_division_conflicts_with_its_parent(owner, outsider):
    org = factories.OrganisationFactory()
    division = factories.OrganisationFactory(parent=org)
    first, _ = _plan(owner, org, dt.date(2026, 3, 1))
    _, conflicts = _plan(outsider, division, dt.date(2026, 3, 5))
    assert conflicts == [first]


def test_the_same_unit_does_not_conflict_with_itself(owner, teammate):
    org = factories.OrganisationFactory()
    _plan(owner, org, dt.date(2026, 3, 1))
    _, conflicts = _plan(teammate, org, dt.date(2026, 3, 5))
    assert conflicts == []


def test_an_intervention_needs_exactly_one_target(owner):
    with pytest.raises(ValidationError):
        services.intervention_plan(
            planned_by=owner,
            title="x",
            purpose="inform",
            objective="x",
            intended_outcome="x",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 1, 2),
        )
    assert Intervention.objects.count() == 0


def test_closing_as_done_needs_an_outcome_and_rating(owner):
    intervention, _ = _plan(owner, factories.OrganisationFactory(), dt.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.intervention_close(
            intervention=intervention, closed_by=owner, actual_outcome="", outcome_rating=""
        )
    services.intervention_close(
        intervention=intervention,
        closed_by=owner,
        actual_outcome="Signed.",
        outcome_rating="achieved",
    )
    intervention.refresh_from_db()
    assert (intervention.status, intervention.outcome_rating) == ("done", "achieved")
    assert intervention.closed_at is not None


def test_commitment_status_changes_stamp_closing(owner):
    org = factories.OrganisationFactory()
    commitment = services.commitment_record(
        recorded_by=owner, organisation=org, description="Call back", due_on=dt.date(2026, 1, 1)
    )
    assert commitment.is_overdue(today=dt.date(2026, 1, 2))
    services.commitment_set_status(commitment=commitment, updated_by=owner, status="kept")
    assert commitment.closed_at is not None and not commitment.is_overdue(today=dt.date(2026, 1, 2))


def test_issues_are_recorded_escalated_and_resolved(owner):
    org = factories.OrganisationFactory()
    issue = services.issue_record(
        recorded_by=owner, organisation=org, category="late_delivery", summary="Late"
    )
    services.issue_escalate(issue=issue, escalated_by=owner)
    services.issue_resolve(issue=issue, resolved_by=owner, resolution="Re-shipped")
    issue.refresh_from_db()
    assert issue.escalated and issue.turnaround is not None
    with pytest.raises(ValidationError):
        services.issue_resolve(issue=issue, resolved_by=owner)
    assert Issue.objects.count() == 1


def test_outsiders_cannot_record_commitments_or_issues_behind_a_fence(outsider, fenced_org):
    with pytest.raises(PermissionDenied):
        services.commitment_record(
            recorded_by=outsider,
            organisation=fenced_org,
            description="x",
            due_on=dt.date(2026, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        services.issue_record(
            recorded_by=outsider, organisation=fenced_org, category="service", summary="x"
        )
    assert Commitment.objects.count() == 0 and Issue.objects.count() == 0


def test_an_escalation_taken_back_leaves_the_issue_as_never_escalated(owner):
    org = factories.OrganisationFactory()
    issue = services.issue_record(
        recorded_by=owner, organisation=org, category="service", summary="Rude", escalated=True
    )
    assert issue.escalated_at is not None
    services.issue_update(issue=issue, updated_by=owner, escalated=False, severity="low")
    issue.refresh_from_db()
    assert (issue.escalated, issue.escalated_at, issue.severity) == (False, None, "low")
    services.issue_update(issue=issue, updated_by=owner, escalated=True)
    assert Issue.objects.get().escalated_at is not None
    services.issue_unescalate(issue=issue, unescalated_by=owner)
    assert not Issue.objects.get().escalated


def test_an_issue_recorded_with_its_resolution_is_resolved_at_once(owner):
    org = factories.OrganisationFactory()
    opened = timezone.now() - dt.timedelta(days=3)
    issue = services.issue_record(
        recorded_by=owner,
        organisation=org,
        category="billing_dispute",
        summary="Invoice",
        opened_at=opened,
        resolved_at=opened + dt.timedelta(days=2),
        resolution="Credit note",
    )
    assert issue.turnaround == dt.timedelta(days=2) and issue.resolution == "Credit note"


def test_a_commitment_recorded_as_kept_is_closed_and_an_update_can_reopen_it(owner):
    org = factories.OrganisationFactory()
    commitment = services.commitment_record(
        recorded_by=owner,
        organisation=org,
        description="Send the price list",
        due_on=dt.date(2026, 1, 1),
        status="kept",
    )
    assert commitment.closed_at is not None
    services.commitment_update(
        commitment=commitment, updated_by=owner, status="open", description="Send both lists"
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.closed_at) == ("open", None)
    assert commitment.description == "Send both lists"


def _renewal(owner, org, **fields):
    intervention, _ = services.intervention_plan(
        planned_by=owner,
        title="Renewal",
        purpose="retain",
        objective="Renew the framework contract.",
        intended_outcome="Signed for three years",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
        organisation=org,
        **fields,
    )
    return intervention


def test_a_plan_has_no_outcome_yet(owner):
    org = factories.OrganisationFactory()
    with pytest.raises(ValidationError) as raised:
        _renewal(owner, org, outcome_rating="achieved")
    assert set(raised.value.message_dict) == {"outcome_rating"}
    assert not Intervention.objects.exists()


def test_moving_an_intervention_to_done_closes_it_by_the_rules_of_closing(owner):
    org = factories.OrganisationFactory()
    intervention = _renewal(owner, org)
    with pytest.raises(ValidationError):
        services.intervention_update(intervention=intervention, updated_by=owner, status="done")
    intervention.refresh_from_db()
    assert intervention.status == "planned" and intervention.closed_at is None
    services.intervention_update(
        intervention=intervention,
        updated_by=owner,
        status="done",
        actual_outcome="Signed for two years",
        outcome_rating="partly",
        title="Renewal 2026",
    )
    intervention.refresh_from_db()
    assert (intervention.status, intervention.title) == ("done", "Renewal 2026")
    assert intervention.closed_at is not None


def test_an_intervention_keeps_its_target(owner):
    org, elsewhere = factories.OrganisationFactory.create_batch(2)
    intervention = _renewal(owner, org)
    with pytest.raises(ValidationError) as raised:
        services.intervention_update(
            intervention=intervention, updated_by=owner, organisation=elsewhere
        )
    assert set(raised.value.message_dict) == {"organisation"}
    assert Intervention.objects.get().organisation == org


def test_an_interaction_keeps_what_was_folded_and_a_change_bumps_its_version(owner):
    org = factories.OrganisationFactory()
    interaction = services.interaction_log(logged_by=owner, organisation=org, summary="Call")
    with pytest.raises(ValidationError) as raised:
        services.interaction_update(interaction=interaction, updated_by=owner, sentiment=2)
    assert set(raised.value.message_dict) == {"sentiment"}
    services.interaction_update(interaction=interaction, updated_by=owner, summary="Call")
    assert Interaction.objects.get().version == 1
    services.interaction_update(interaction=interaction, updated_by=owner, summary="Long call")
    assert Interaction.objects.values_list("summary", "version").get() == ("Long call", 2)
