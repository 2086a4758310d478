"""The demo's people and organisations on both sides, and the relationships between them."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F

from relmap.demo.data import (
    COMMUNITIES,
    COMPANY_PREFIX,
    COMPANY_SUFFIX,
    DIVISIONS,
    EXEC_TITLES,
    FIRST_NAMES,
    LAST_NAMES,
    NAMED_STAFF,
    OPS_TITLES,
    UNITS,
)
from relmap.demo.plan import BATCH, DEMO_PASSWORD, MARKER_EXTERNAL_ID, Plan
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


def units_and_staff(plan: Plan) -> None:
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


def communities(plan: Plan) -> list[Community]:
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


def organisations(plan: Plan, communities: list[Community]):
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


def contacts(plan: Plan, orgs, divisions) -> list[Contact]:
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


def accounts(plan: Plan, orgs) -> list[Account]:
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


def relationships(plan: Plan, accounts, orgs, divisions, contacts) -> list[Relationship]:
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


def assessments(plan: Plan, accounts, contacts) -> int:
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
