"""Realistic, deterministic demo data that exercises every model.

The same seed gives the same data (relative to the day it runs): 18 months of history ending
today. Everything is written with bulk inserts so `--scale 100` (about 100,000 contacts and a
million interactions) stays within minutes on PostgreSQL.
"""

import random

from django.db import connection, transaction
from django.utils import timezone

from relmap.demo import activity, people
from relmap.demo.plan import DEMO_PASSWORD, HISTORY_MONTHS, MARKER_EXTERNAL_ID, Plan
from scorecard.periods import current_month
from scorecard.services import scorecard_compute
from stakeholders.models import Organisation
from trust import audit_context


def is_seeded() -> bool:
    return Organisation.objects.filter(external_id=MARKER_EXTERNAL_ID).exists()


def seed(*, scale: float = 0.5, seed_value: int = 20261123, stdout=None) -> dict:
    """Create the demo data set; returns counts. Callers check `is_seeded()` first."""
    plan = Plan(rng=random.Random(seed_value), now=timezone.now(), scale=scale)

    def say(msg):
        if stdout is not None:
            stdout.write(msg)

    # One audit event per bulk insert, not a million: the source says it is demo data.
    with audit_context.bind(summarise_bulk=True, source="command:seed_demo"):
        return _seed(plan, say)


def _seed(plan: Plan, say) -> dict:
    with transaction.atomic():
        people.units_and_staff(plan)
        communities = people.communities(plan)
        orgs, divisions = people.organisations(plan, communities)
        contacts = people.contacts(plan, orgs, divisions)
        accounts = people.accounts(plan, orgs)
        say(f"  {len(orgs)} organisations, {len(contacts)} contacts, {len(accounts)} accounts")
    with transaction.atomic():
        rels = people.relationships(plan, accounts, orgs, divisions, contacts)
        n_interactions = activity.interactions(plan, rels)
        say(f"  {len(rels)} relationships, {n_interactions} interactions")
    with transaction.atomic():
        activity.interventions(plan, accounts, communities)
        n_commitments = activity.commitments(plan, accounts, contacts)
        n_issues = activity.issues(plan, accounts, orgs, contacts)
        n_assessments = people.assessments(plan, accounts, contacts)
        say(f"  {n_commitments} commitments, {n_issues} issues, {n_assessments} assessments")
    # Freshly bulk-loaded tables have no planner statistics yet (autovacuum gets to them
    # later); without them the scorecard's correlated queries run 30 times slower.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The dashboard is full on first start: every month of the history, every scope.
    summary = scorecard_compute(periods=current_month().last_months(HISTORY_MONTHS))
    say(f"  scorecard: {summary.observations} observations, {summary.alerts} alerts")
    return {
        "organisations": len(orgs),
        "contacts": len(contacts),
        "relationships": len(rels),
        "interactions": n_interactions,
    }


__all__ = ["DEMO_PASSWORD", "is_seeded", "seed"]
