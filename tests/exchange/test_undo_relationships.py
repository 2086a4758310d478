"""Undoing an import of interactions leaves the relationships between their participants as
if those interactions had never been logged: count, last contact, decay and strength."""

import datetime as dt

import pytest
from django.utils import timezone

from exchange import services
from interventions import services as intervention_services
from stakeholders import services as stakeholder_services
from stakeholders.models import Relationship
from tests import factories
from tests.exchange.conftest import csv_bytes

pytestmark = pytest.mark.django_db

AGGREGATES = (
    "interaction_count",
    "last_interaction_at",
    "decayed_count",
    "decayed_sentiment",
    "aggregates_at",
    "strength",
    "status",
)


def _state(relationship):
    relationship.refresh_from_db()
    return {name: getattr(relationship, name) for name in AGGREGATES}


def _import(user, rows):
    return services.import_create(
        user=user,
        kind="interactions",
        file_name="interactions.csv",
        content=csv_bytes(rows),
        dry_run=False,
    )


def test_undo_folds_the_relationships_again_without_the_imported_interactions(owner, teammate):
    acme = factories.OrganisationFactory(name="Acme")
    ann = factories.ContactFactory(organisation=acme, email="ann@acme.example")
    bob = factories.ContactFactory(organisation=acme, email="bob@acme.example")
    intervention_services.interaction_log(
        logged_by=owner,
        organisation=acme,
        summary="Kick-off",
        occurred_at=timezone.now() - dt.timedelta(days=40),
        contacts=[ann],
        sentiment=1,
    )
    known = Relationship.objects.get(staff=owner, contact=ann)
    before = _state(known)
    assert before["interaction_count"] == 1

    recent = (timezone.now() - dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    batch = _import(
        owner,
        [
            ["Date", "Organisation", "Subject", "Contacts", "Sentiment", "Our people"],
            [recent, "Acme", "Review", "ann@acme.example; bob@acme.example", "-2", "owner"],
            [recent, "Acme", "Follow-up", "ann@acme.example", "2", "owner; teammate"],
        ],
    )
    assert batch.counts["created"] == 2, batch.errors
    assert _state(known)["interaction_count"] == 3
    assert _state(known)["strength"] != before["strength"]
    assert Relationship.objects.filter(contact=bob).exists()
    assert Relationship.objects.filter(staff=teammate, contact=ann).exists()

    undone = services.import_undo(batch=batch, user=owner)

    assert undone.status == "undone" and undone.undo_refused == []
    after = _state(known)
    assert after["interaction_count"] == 1
    assert after["last_interaction_at"] == before["last_interaction_at"]
    assert after["aggregates_at"] == before["aggregates_at"]
    assert after["decayed_count"] == pytest.approx(before["decayed_count"])
    assert after["decayed_sentiment"] == pytest.approx(before["decayed_sentiment"])
    assert after["strength"] == before["strength"]
    # The relationships only the imported interactions made are gone with them.
    assert list(Relationship.objects.values_list("staff", "contact")) == [(owner.pk, ann.pk)]


def test_undo_keeps_a_relationship_the_import_made_that_someone_has_changed_since(owner):
    acme = factories.OrganisationFactory(name="Acme")
    ann = factories.ContactFactory(organisation=acme, email="ann@acme.example")
    batch = _import(
        owner,
        [
            ["Date", "Organisation", "Subject", "Contacts"],
            ["2025-03-01 10:00", "Acme", "Review", "ann@acme.example"],
        ],
    )
    made = Relationship.objects.get(staff=owner, contact=ann)
    stakeholder_services.relationship_update(relationship=made, purpose="Renewal")

    services.import_undo(batch=batch, user=owner)

    kept = Relationship.objects.get(pk=made.pk)
    assert kept.purpose == "Renewal"
    assert (kept.interaction_count, kept.last_interaction_at, kept.strength) == (0, None, 0)
