import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from interventions.models import Commitment, Interaction, Intervention, Issue
from interventions.selectors import intervention_conflicts
from stakeholders.models import (
    Account,
    Assessment,
    Community,
    Contact,
    Organisation,
    Relationship,
    StaffProfile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", scale=0.3, stdout=io.StringIO())


def test_demo_logins_work_with_their_roles(seeded):
    roles = {
        name: StaffProfile.objects.get(user__username=name).role
        for name in ("alice", "bob", "erin", "admin")
    }
    assert roles == {
        "alice": "account_manager",
        "bob": "account_manager",
        "erin": "executive",
        "admin": "admin",
    }
    for name in roles:
        assert authenticate(username=name, password="demo") is not None
    assert authenticate(username="admin", password="demo").is_superuser


def test_alice_is_on_a_fenced_team_that_bob_is_not_on(seeded):
    fenced = Account.objects.filter(is_fenced=True, team__username="alice")
    assert fenced.exists()
    assert fenced.exclude(team__username="bob").exclude(manager__username="bob").exists()


def test_every_kind_of_record_exists(seeded):
    assert set(Community.objects.values_list("kind", flat=True)) == set(Community.Kind.values)
    assert all(c.target and c.objective and c.intended_outcome for c in Community.objects.all())
    assert Organisation.objects.filter(parent__isnull=False).exists()
    assert set(Contact.objects.values_list("seniority", flat=True)) == {"operational", "executive"}
    assert set(Account.objects.values_list("current_level", flat=True)) == {1, 2, 3}
    assert set(Relationship.objects.values_list("tier", flat=True)) == {
        "operational",
        "executive",
        "institutional",
    }
    assert set(Relationship.objects.values_list("status", flat=True)) >= {"active", "dormant"}
    assert set(Commitment.objects.values_list("status", flat=True)) >= {"open", "kept", "missed"}
    assert set(Issue.objects.values_list("category", flat=True)) == set(Issue.Category.values)
    assert set(Assessment.objects.values_list("side", flat=True)) == {"ours", "theirs"}
    assert Assessment.objects.filter(side="theirs", assessed_at__isnull=True).exists()
    assert Interaction.objects.count() > 1000


def test_organisations_roots_are_consistent(seeded):
    for org in Organisation.objects.select_related("parent"):
        assert org.root_id == (org.parent.root_id if org.parent_id else org.pk)


def test_relationship_aggregates_match_their_interactions(seeded):
    rel = Relationship.objects.order_by("-interaction_count").first()
    interactions = Interaction.objects.filter(staff=rel.staff, contacts=rel.contact)
    assert rel.interaction_count == interactions.count()
    assert rel.last_interaction_at == interactions.order_by("-occurred_at").first().occurred_at
    assert 0 < rel.strength <= 100


def test_the_overlapping_pair_from_two_units_is_a_conflict(seeded):
    qbr = Intervention.objects.get(title__startswith="Quarterly business review with")
    assert [c.owner.username for c in intervention_conflicts(intervention=qbr)] == ["bob"]


def test_running_it_twice_does_not_duplicate_anything(seeded):
    counts = [m.objects.count() for m in (Organisation, Contact, Interaction, Issue, Assessment)]
    call_command("seed_demo", scale=0.3, stdout=io.StringIO())
    assert [
        m.objects.count() for m in (Organisation, Contact, Interaction, Issue, Assessment)
    ] == counts


def test_bad_scale_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", scale=0)


def test_the_default_dashboard_raises_the_late_delivery_trend(seeded, client):
    client.login(username="erin", password="demo")
    body = client.get("/scorecard/").content.decode()
    # One line for the measure, however many scopes raised it; the page has each message.
    assert "Late-delivery complaints at key accounts rising at" in body
    alerts = client.get("/scorecard/alerts/").content.decode()
    assert "Late-delivery complaints at key accounts:" in alerts
    assert "this quarter, up from" in alerts


def test_only_the_team_holds_day_to_day_relationships_behind_a_fence(seeded):
    for account in Account.objects.filter(is_fenced=True).prefetch_related("team"):
        allowed = {u.pk for u in account.team.all()} | {account.manager_id}
        holders = set(
            Relationship.objects.filter(
                contact__organisation__root_id=account.organisation_id, tier="operational"
            ).values_list("staff_id", flat=True)
        )
        assert holders <= allowed, account
