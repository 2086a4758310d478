"""The demo's eighteen months of activity: interactions, interventions, commitments, issues."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from interventions.models import Commitment, Interaction, Intervention, Issue
from relmap.demo.data import (
    ISSUE_SUMMARIES,
    SUMMARIES,
)
from relmap.demo.plan import BATCH, HISTORY_DAYS, Plan, day
from stakeholders import strength as strength_mod
from stakeholders.models import (
    Community,
    Contact,
    Relationship,
    Role,
    Tier,
)


def interactions(plan: Plan, rels: list[Relationship]) -> int:
    """About ten interactions per contact over 18 months; folds each into its relationship."""
    rng = plan.rng
    now = plan.now
    start = now - timedelta(days=HISTORY_DAYS)
    per_tier = {Tier.OPERATIONAL: 10, Tier.EXECUTIVE: 4, Tier.INSTITUTIONAL: 3}
    contact_org = dict(Contact.objects.values_list("id", "organisation_id"))
    account_mood = {}
    pending, n_total = [], 0
    aggregates = {}
    for rel in rels:
        dormant = rng.random() < 0.15
        end = now - timedelta(days=rng.randint(100, 300)) if dormant else now
        k = max(1, round(rng.expovariate(1 / per_tier[rel.tier])))
        org_id = contact_org[rel.contact_id]
        mood = account_mood.setdefault(org_id, rng.choice([-1, 0, 0, 1, 1, 1]))
        times = sorted(start + (end - start) * rng.random() for _ in range(k))
        agg = strength_mod.Aggregates(0, 0.0, 0.0, None, None)
        for t in times:
            kind = rng.choice(
                [Interaction.Kind.MEETING, Interaction.Kind.CALL, Interaction.Kind.EMAIL]
                if rel.tier == Tier.OPERATIONAL
                else [Interaction.Kind.MEETING, Interaction.Kind.EVENT, Interaction.Kind.VISIT]
            )
            sentiment = max(-2, min(2, mood + rng.choice([-1, 0, 0, 1])))
            pending.append(
                (
                    Interaction(
                        kind=kind,
                        occurred_at=t,
                        organisation_id=org_id,
                        tier=rel.tier,
                        summary=rng.choice(SUMMARIES[kind]),
                        sentiment=sentiment,
                        logged_by_id=rel.staff_id,
                        created_at=t,
                        updated_at=t,
                    ),
                    rel.staff_id,
                    rel.contact_id,
                )
            )
            agg = strength_mod.fold_interaction(agg, occurred_at=t, sentiment=sentiment)
        aggregates[(rel.staff_id, rel.contact_id)] = (agg, dormant)
        if len(pending) >= BATCH * 4:
            n_total += _flush_interactions(pending)
            pending = []
    n_total += _flush_interactions(pending)
    for rel in rels:
        agg, dormant = aggregates[(rel.staff_id, rel.contact_id)]
        rel.interaction_count = agg.count
        rel.decayed_count = agg.decayed_count
        rel.decayed_sentiment = agg.decayed_sentiment
        rel.aggregates_at = agg.aggregates_at
        rel.last_interaction_at = agg.last_interaction_at
        rel.strength = strength_mod.strength(agg, tier=rel.tier, now=now)
        rel.strength_computed_at = now
        rel.status = Relationship.Status.DORMANT if dormant else Relationship.Status.ACTIVE
    Relationship.objects.bulk_create(rels, batch_size=BATCH)
    return n_total


def _flush_interactions(pending) -> int:
    if not pending:
        return 0
    created = Interaction.objects.bulk_create([p[0] for p in pending], batch_size=BATCH)
    contacts_through = Interaction.contacts.through
    staff_through = Interaction.staff.through
    contacts_through.objects.bulk_create(
        [
            contacts_through(interaction_id=i.pk, contact_id=p[2])
            for i, p in zip(created, pending, strict=True)
        ],
        batch_size=BATCH,
    )
    staff_through.objects.bulk_create(
        [
            staff_through(interaction_id=i.pk, user_id=p[1])
            for i, p in zip(created, pending, strict=True)
        ],
        batch_size=BATCH,
    )
    return len(created)


def interventions(plan: Plan, accounts, communities) -> None:
    rng = plan.rng
    purposes = list(Intervention.Purpose.values)
    objs = []
    for account in accounts[: max(20, len(accounts) // 2)]:
        for _ in range(rng.randint(1, 2)):
            start = day(plan, rng.randint(-30, 500))
            end = start + timedelta(days=rng.randint(14, 120))
            closed = end < plan.now.date()
            rating = rng.choice(Intervention.OutcomeRating.values) if closed else ""
            owner = account.manager
            objs.append(
                Intervention(
                    title=f"{rng.choice(purposes).title()} {account.organisation.name}",
                    target_kind=Intervention.TargetKind.ORGANISATION,
                    organisation_id=account.organisation_id,
                    tier=Tier.EXECUTIVE if account.current_level > 1 else Tier.OPERATIONAL,
                    purpose=rng.choice(purposes),
                    objective=f"Move {account.organisation.name} a step towards its target level.",
                    intended_outcome="A clear next step agreed with their decision makers.",
                    owner_id=owner.pk,
                    unit_id=owner.staff_profile.unit_id,
                    starts_on=start,
                    ends_on=end,
                    status=Intervention.Status.DONE if closed else Intervention.Status.ACTIVE,
                    actual_outcome="Agreed a joint plan." if closed else "",
                    outcome_rating=rating,
                    closed_at=timezone.make_aware(datetime.combine(end, time(17)))
                    if closed
                    else None,
                )
            )
    # The overlapping pair: two units at the same customer in the same weeks.
    borealis = accounts[1].organisation
    for title, who, purpose in [
        (f"Quarterly business review with {borealis.name}", "alice", Intervention.Purpose.RETAIN),
        (f"Upsell campaign at {borealis.name}", "bob", Intervention.Purpose.DEVELOP),
    ]:
        user = plan.staff[who]
        objs.append(
            Intervention(
                title=title,
                target_kind=Intervention.TargetKind.ORGANISATION,
                organisation_id=borealis.pk,
                tier=Tier.OPERATIONAL,
                purpose=purpose,
                objective=f"{purpose.label} the relationship with {borealis.name} this quarter.",
                intended_outcome="Renewal signed."
                if who == "alice"
                else "Second product line sold.",
                owner_id=user.pk,
                unit_id=user.staff_profile.unit_id,
                starts_on=day(plan, 10),
                ends_on=day(plan, -40),
                status=Intervention.Status.ACTIVE,
            )
        )
    investors = next(c for c in communities if c.kind == Community.Kind.INVESTORS)
    objs.append(
        Intervention(
            title="Results roadshow",
            target_kind=Intervention.TargetKind.COMMUNITY,
            community_id=investors.pk,
            tier=Tier.INSTITUTIONAL,
            purpose=Intervention.Purpose.INFORM,
            objective="Explain the half-year results to our top twenty shareholders.",
            intended_outcome="No surprises; questions answered within a week.",
            owner_id=plan.staff["frank"].pk,
            unit_id=plan.units["Investor Relations"].pk,
            starts_on=day(plan, 5),
            ends_on=day(plan, -25),
            status=Intervention.Status.PLANNED,
        )
    )
    Intervention.objects.bulk_create(objs, batch_size=BATCH)


def commitments(plan: Plan, accounts, contacts) -> int:
    rng = plan.rng
    n = max(150, len(contacts) // 2)
    objs = []
    today = plan.now.date()
    for i in range(n):
        account = accounts[i % len(accounts)]
        due = day(plan, rng.randint(-45, HISTORY_DAYS - 30))
        made_by = Commitment.MadeBy.OURS if rng.random() < 0.75 else Commitment.MadeBy.THEIRS
        if due >= today:
            status, closed = Commitment.Status.OPEN, None
        else:
            roll = rng.random()
            status = (
                Commitment.Status.KEPT
                if roll < 0.7
                else Commitment.Status.MISSED
                if roll < 0.85
                else Commitment.Status.OPEN  # overdue and still open
                if roll < 0.95
                else Commitment.Status.CANCELLED
            )
            closed = None
            if status != Commitment.Status.OPEN:
                offset = (
                    rng.randint(-10, 2) if status == Commitment.Status.KEPT else rng.randint(1, 20)
                )
                closed_day = min(due + timedelta(days=offset), today)
                closed = timezone.make_aware(datetime.combine(closed_day, time(16)))
        objs.append(
            Commitment(
                organisation_id=account.organisation_id,
                made_by=made_by,
                owner_id=account.manager_id if made_by == Commitment.MadeBy.OURS else None,
                description=rng.choice(
                    [
                        "Send the revised price list",
                        "Confirm the delivery plan",
                        "Share the quality report",
                        "Arrange a site visit",
                        "Provide the forecast for next quarter",
                        "Sign the framework agreement",
                    ]
                ),
                due_on=due,
                status=status,
                closed_at=closed,
            )
        )
    Commitment.objects.bulk_create(objs, batch_size=BATCH)
    return len(objs)


def issues(plan: Plan, accounts, orgs, contacts) -> int:
    """Complaints of every category; late deliveries at key accounts rise in the last quarter."""
    rng = plan.rng
    n = max(200, int(len(contacts) * 0.4))
    key_orgs = [o for o in orgs if o.is_key_account]
    contact_at = defaultdict(list)
    for c in contacts:
        contact_at[c.organisation_id].append(c)
    categories = list(Issue.Category.values)
    today = plan.now.date()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    owners = [u for u in plan.staff.values() if u.staff_profile.role == Role.ACCOUNT_MANAGER]
    objs = []

    def make(org, category, opened):
        resolved = None
        if opened < plan.now - timedelta(days=3) and rng.random() < 0.85:
            resolved = min(opened + timedelta(hours=rng.randint(4, 24 * 20)), plan.now)
        people = contact_at.get(org.pk)
        escalated = rng.random() < 0.1
        return Issue(
            organisation_id=org.pk,
            contact_id=rng.choice(people).pk if people else None,
            category=category,
            severity=rng.choice(Issue.Severity.values),
            summary=ISSUE_SUMMARIES[category],
            opened_at=opened,
            resolved_at=resolved,
            resolution="Resolved with the customer." if resolved else "",
            escalated=escalated,
            escalated_at=opened + timedelta(hours=rng.randint(1, 48)) if escalated else None,
            owner_id=rng.choice(owners).pk,
        )

    for _ in range(n):
        opened = plan.now - timedelta(days=rng.uniform(0, HISTORY_DAYS))
        org = rng.choice(orgs)
        category = rng.choice(categories)
        if category == Issue.Category.LATE_DELIVERY and org.is_key_account:
            continue  # the key-account late-delivery series is generated below
        objs.append(make(org, category, opened))
    # A steady trickle of late deliveries at key accounts, then a clear rise this quarter.
    per_month = max(2, n // 150)
    for months_back in range(1, 18):
        y, m = divmod(quarter_start.month - 1 - months_back, 12)
        month_start = date(quarter_start.year + y, m + 1, 1)
        for _ in range(per_month):
            day = month_start + timedelta(days=rng.randint(0, 27))
            opened = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17))))
            objs.append(make(rng.choice(key_orgs), Issue.Category.LATE_DELIVERY, opened))
    days_into_quarter = max(1, (today - quarter_start).days)
    for _ in range(per_month * 3 * 3):
        day = quarter_start + timedelta(days=rng.randint(0, days_into_quarter - 1))
        moment = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17))))
        objs.append(make(rng.choice(key_orgs), Issue.Category.LATE_DELIVERY, min(moment, plan.now)))
    Issue.objects.bulk_create(objs, batch_size=BATCH)
    return len(objs)
