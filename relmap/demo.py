"""Realistic, deterministic demo data that exercises every model.

The same seed gives the same data (relative to the day it runs): 18 months of history ending
today. Everything is written with bulk inserts so `--scale 100` (about 100,000 contacts and a
million interactions) stays within minutes on PostgreSQL.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from interventions.models import Commitment, Interaction, Intervention, Issue
from relmap.demo_data import (
    COMMUNITIES,
    COMPANY_PREFIX,
    COMPANY_SUFFIX,
    DIVISIONS,
    EXEC_TITLES,
    FIRST_NAMES,
    ISSUE_SUMMARIES,
    LAST_NAMES,
    NAMED_STAFF,
    OPS_TITLES,
    SUMMARIES,
    UNITS,
)
from scorecard.periods import current_month
from scorecard.services import scorecard_compute
from trust import audit_context
from stakeholders import strength as strength_mod
from stakeholders.models import (
    Account,
    Assessment,
    Community,
    Contact,
    Organisation,
    Relationship,
    Role,
    Seniority,
    StaffProfile,
    Tier,
    Unit,
)

User = get_user_model()

DEMO_PASSWORD = "demo"
MARKER_EXTERNAL_ID = "demo:org:northwind"
HISTORY_DAYS = 548  # 18 months
HISTORY_MONTHS = 19  # every month the history touches, the current one included
BATCH = 5000


@dataclass
class Plan:
    """What one run creates, kept in memory so relationships can be folded in one pass."""

    rng: random.Random
    now: datetime
    scale: float
    staff: dict[str, object] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


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
        _units_and_staff(plan)
        communities = _communities(plan)
        orgs, divisions = _organisations(plan, communities)
        contacts = _contacts(plan, orgs, divisions)
        accounts = _accounts(plan, orgs)
        say(f"  {len(orgs)} organisations, {len(contacts)} contacts, {len(accounts)} accounts")
    with transaction.atomic():
        rels = _relationships(plan, accounts, orgs, divisions, contacts)
        n_interactions = _interactions(plan, rels)
        say(f"  {len(rels)} relationships, {n_interactions} interactions")
    with transaction.atomic():
        _interventions(plan, accounts, communities)
        n_commitments = _commitments(plan, accounts, contacts)
        n_issues = _issues(plan, accounts, orgs, contacts)
        n_assessments = _assessments(plan, accounts, contacts)
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


def _units_and_staff(plan: Plan) -> None:
    for name, parent in UNITS:
        plan.units[name] = Unit.objects.create(
            name=name, parent=plan.units.get(parent) if parent else None
        )
    extra = max(0, int(plan.scale * 2))
    people = list(NAMED_STAFF)
    for i in range(extra):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        unit = ["Key Accounts", "Field Sales", "Customer Service"][i % 3]
        people.append((f"staff{i + 1}", first, last, Role.ACCOUNT_MANAGER, unit, "Account manager"))
    password_hash = None
    for username, first, last, role, unit, title in people:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@relmap.example",
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if password_hash is None:
            user.set_password(DEMO_PASSWORD)
            password_hash = user.password
        user.password = password_hash
        user.save()
        StaffProfile.objects.create(
            user=user,
            role=role,
            unit=plan.units[unit],
            job_title=title,
            competencies=[
                {"name": "Negotiation", "level": plan.rng.randint(2, 5)},
                {"name": "Account planning", "level": plan.rng.randint(1, 5)},
            ],
        )
        plan.staff[username] = user
    plan.units["Key Accounts"].head = plan.staff["alice"]
    plan.units["Executive Office"].head = plan.staff["henry"]
    for unit in plan.units.values():
        unit.save()


def _communities(plan: Plan) -> list[Community]:
    return [
        Community.objects.create(
            name=name,
            kind=kind,
            tier=tier,
            owner_unit=plan.units[unit],
            target=target,
            objective=objective,
            intended_outcome=outcome,
        )
        for name, kind, tier, unit, target, objective, outcome in COMMUNITIES
    ]


def _org_name(i: int) -> str:
    prefix = COMPANY_PREFIX[i % len(COMPANY_PREFIX)]
    suffix = COMPANY_SUFFIX[(i // len(COMPANY_PREFIX) + i) % len(COMPANY_SUFFIX)]
    n = i // (len(COMPANY_PREFIX) * len(COMPANY_SUFFIX))
    return f"{prefix} {suffix}" + (f" {n + 1}" if n else "")


def _organisations(plan: Plan, communities: list[Community]):
    rng = plan.rng
    n_top = max(30, int(40 * plan.scale))
    top = []
    for i in range(n_top):
        # The first community (key industrial customers) takes the first orgs, so that the
        # demo's named accounts are key accounts; the rest spread over every community.
        community_index = 0 if i < max(12, n_top // 8) else rng.randrange(len(communities))
        is_customer = communities[community_index].kind == Community.Kind.CUSTOMERS
        top.append(
            (
                Organisation(
                    name=_org_name(i),
                    external_id=MARKER_EXTERNAL_ID if i == 0 else f"demo:org:{i}",
                    website=f"https://www.{_org_name(i).lower().replace(' ', '')}.example",
                    country=rng.choice(["GB", "DE", "FR", "NL", "SE", "US", "ES", "IT"]),
                    is_key_account=community_index == 0,
                    lifetime_value=rng.randrange(50_000, 5_000_000, 1000) if is_customer else None,
                    purchasing_ability=rng.randint(1, 5) if is_customer else None,
                    reciprocal_potential=rng.randint(1, 5),
                    influence=rng.randint(1, 5),
                    complaint_power=rng.randint(1, 5),
                    nuisance_factor=rng.randint(1, 5),
                ),
                community_index,
            )
        )
    orgs = Organisation.objects.bulk_create([o for o, _ in top], batch_size=BATCH)
    Organisation.objects.filter(parent__isnull=True, root__isnull=True).update(root=F("id"))
    membership = Organisation.communities.through
    rows = []
    for org, (_, ci) in zip(orgs, top, strict=True):
        org.root_id = org.pk
        rows.append(membership(organisation_id=org.pk, community_id=communities[ci].pk))
        # Some customers are also investors: a stakeholder can sit in several communities.
        if ci == 0 and rng.random() < 0.2:
            rows.append(membership(organisation_id=org.pk, community_id=communities[3].pk))
    membership.objects.bulk_create(rows, batch_size=BATCH)
    division_objs = []
    for org in orgs:
        if rng.random() < 0.35:
            for name in rng.sample(DIVISIONS, rng.randint(1, 3)):
                division_objs.append(
                    Organisation(name=f"{org.name} {name}", parent_id=org.pk, root_id=org.pk)
                )
    divisions = Organisation.objects.bulk_create(division_objs, batch_size=BATCH)
    return orgs, divisions


def _contacts(plan: Plan, orgs, divisions) -> list[Contact]:
    rng = plan.rng
    n_contacts = max(300, int(1000 * plan.scale))
    divisions_of = defaultdict(list)
    for d in divisions:
        divisions_of[d.root_id].append(d)
    objs = []
    for i in range(n_contacts):
        org = orgs[i % len(orgs)]
        if divisions_of[org.pk] and rng.random() < 0.4:
            org = rng.choice(divisions_of[org.pk])
        executive = i < len(orgs) * 2 or rng.random() < 0.12
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        objs.append(
            Contact(
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{i}@{org.name.split()[0].lower()}.example".lower(),
                phone=f"+44 20 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                job_title=rng.choice(EXEC_TITLES if executive else OPS_TITLES),
                organisation_id=org.pk,
                seniority=Seniority.EXECUTIVE if executive else Seniority.OPERATIONAL,
                influence=rng.randint(3, 5) if executive else rng.randint(1, 3),
                external_id=f"demo:contact:{i}",
                consent_marketing=rng.random() < 0.6,
            )
        )
    return Contact.objects.bulk_create(objs, batch_size=BATCH)


def _accounts(plan: Plan, orgs) -> list[Account]:
    rng = plan.rng
    managers = [u for u in plan.staff.values() if u.staff_profile.role == Role.ACCOUNT_MANAGER]
    accounts = []
    for i, org in enumerate(orgs):
        if not org.is_key_account and rng.random() < 0.5:
            continue
        if i < 6:
            manager = plan.staff["alice"]
        elif i < 10:
            manager = plan.staff["bob"]
        else:
            manager = rng.choice(managers)
        level = (i % 3) + 1 if org.is_key_account else 1
        accounts.append(
            Account(
                organisation=org,
                manager=manager,
                current_level=level,
                target_level=min(3, level + (1 if rng.random() < 0.5 else 0)),
                is_fenced=org.is_key_account and (i in (0, 7) or rng.random() < 0.05),
                strategy=f"Grow {org.name} towards a level {min(3, level + 1)} relationship.",
            )
        )
    accounts = Account.objects.bulk_create(accounts, batch_size=BATCH)
    team = Account.team.through
    rows = []
    for account in accounts:
        if account.is_fenced:
            members = {plan.staff["alice"].pk, plan.staff["carol"].pk, account.manager_id}
            rows += [team(account_id=account.pk, user_id=u) for u in members]
    team.objects.bulk_create(rows, batch_size=BATCH)
    return accounts


def _relationships(plan: Plan, accounts, orgs, divisions, contacts) -> list[Relationship]:
    """Pairs of our people and their contacts; some accounts single-threaded, some dormant."""
    rng = plan.rng
    root_of = {o.pk: o.pk for o in orgs} | {d.pk: d.root_id for d in divisions}
    by_root = defaultdict(list)
    for c in contacts:
        by_root[root_of[c.organisation_id]].append(c)
    executives = [u for u in plan.staff.values() if u.staff_profile.role == Role.EXECUTIVE]
    others = [u for u in plan.staff.values() if u.staff_profile.role == Role.ACCOUNT_MANAGER]
    account_of = {a.organisation_id: a for a in accounts}
    institutional = {
        "Institutional investors",
        "Trade and business media",
        "Industry associations",
        "Parliamentary groups",
        "Sector regulators",
    }
    inst_roots = set(
        Organisation.communities.through.objects.filter(
            community__name__in=institutional
        ).values_list("organisation_id", flat=True)
    )
    rels = {}
    for org in orgs:
        people = by_root.get(org.pk, [])
        account = account_of.get(org.pk)
        single = account is not None and rng.random() < 0.15
        owner = account.manager if account else rng.choice(others)
        # Behind a picket fence only the account team holds the day-to-day relationships.
        holders = (
            [plan.staff["alice"], plan.staff["carol"], account.manager]
            if account is not None and account.is_fenced
            else others
        )
        for contact in people:
            if contact.seniority == Seniority.EXECUTIVE:
                tier = Tier.INSTITUTIONAL if org.pk in inst_roots else Tier.EXECUTIVE
                # Leave some executive contacts without an executive relationship: a gap.
                if not single and rng.random() < 0.2:
                    continue
                staff = owner if single else rng.choice(executives)
            else:
                tier = Tier.OPERATIONAL
                staff = owner if single or rng.random() < 0.6 else rng.choice(holders)
            rels[(staff.pk, contact.pk)] = Relationship(
                staff_id=staff.pk,
                contact_id=contact.pk,
                tier=tier,
                owner_id=staff.pk,
                purpose="Day-to-day account management"
                if tier == Tier.OPERATIONAL
                else "Senior sponsorship",
            )
            if not single and contact.seniority == Seniority.OPERATIONAL and rng.random() < 0.2:
                second = rng.choice(holders)
                rels.setdefault(
                    (second.pk, contact.pk),
                    Relationship(
                        staff_id=second.pk,
                        contact_id=contact.pk,
                        tier=tier,
                        owner_id=second.pk,
                        purpose="Service and delivery",
                    ),
                )
    return list(rels.values())


def _interactions(plan: Plan, rels: list[Relationship]) -> int:
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


def _day(plan: Plan, days_ago: int) -> date:
    return (plan.now - timedelta(days=days_ago)).date()


def _interventions(plan: Plan, accounts, communities) -> None:
    rng = plan.rng
    purposes = list(Intervention.Purpose.values)
    objs = []
    for account in accounts[: max(20, len(accounts) // 2)]:
        for _ in range(rng.randint(1, 2)):
            start = _day(plan, rng.randint(-30, 500))
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
                starts_on=_day(plan, 10),
                ends_on=_day(plan, -40),
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
            starts_on=_day(plan, 5),
            ends_on=_day(plan, -25),
            status=Intervention.Status.PLANNED,
        )
    )
    Intervention.objects.bulk_create(objs, batch_size=BATCH)


def _commitments(plan: Plan, accounts, contacts) -> int:
    rng = plan.rng
    n = max(150, len(contacts) // 2)
    objs = []
    today = plan.now.date()
    for i in range(n):
        account = accounts[i % len(accounts)]
        due = _day(plan, rng.randint(-45, HISTORY_DAYS - 30))
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


def _issues(plan: Plan, accounts, orgs, contacts) -> int:
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


def _assessments(plan: Plan, accounts, contacts) -> int:
    """Quarterly requests to their side (some unanswered) and our own ratings."""
    rng = plan.rng
    exec_at = defaultdict(list)
    for c in contacts:
        if c.seniority == Seniority.EXECUTIVE:
            exec_at[c.organisation_id].append(c)
    objs = []
    for account in accounts:
        if not account.organisation.is_key_account:
            continue
        base = rng.randint(2, 4)
        for q in range(6):
            requested = plan.now - timedelta(days=90 * q + rng.randint(0, 20))
            answered = rng.random() < 0.65
            scores = {}
            if answered:
                scores = {
                    f: max(1, min(5, base + rng.choice([-1, 0, 0, 1])))
                    for f in Assessment.SCORE_FIELDS
                }
                scores["nps"] = rng.randint(max(0, base * 2 - 2), min(10, base * 2 + 4))
                scores["stage"] = Assessment.Stage.values[min(3, max(0, base - 2))]
            people = exec_at.get(account.organisation_id)
            objs.append(
                Assessment(
                    account_id=account.pk,
                    side=Assessment.Side.THEIRS,
                    respondent_id=rng.choice(people).pk if people and answered else None,
                    requested_at=requested,
                    assessed_at=requested + timedelta(days=rng.randint(2, 15))
                    if answered
                    else None,
                    comment="Reliable partner; delivery needs work." if answered else "",
                    **scores,
                )
            )
            ours = {
                f: max(1, min(5, base + 1 + rng.choice([-1, 0]))) for f in Assessment.SCORE_FIELDS
            }
            objs.append(
                Assessment(
                    account_id=account.pk,
                    side=Assessment.Side.OURS,
                    assessed_by_id=account.manager_id,
                    assessed_at=requested,
                    stage=Assessment.Stage.values[min(3, base - 1)],
                    **ours,
                )
            )
    Assessment.objects.bulk_create(objs, batch_size=BATCH)
    return len(objs)
