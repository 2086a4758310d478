"""The access matrix: every URL the project serves, probed by an outsider of a fenced account.

`MATRIX` maps each URL name (from `get_resolver()`, the API router's included) to how it is
probed. A URL that is neither in `MATRIX` nor in `EXEMPT` fails `test_every_url_is_in_the_matrix`,
so a new page or endpoint cannot ship without saying what it shows and who may write through it.
Adding one is a single line, e.g. `"contact-history": Probe(pk="contact", read=NOT_FOUND),`.

What each probe asserts, for the outsider (an account manager outside the fenced account's team):
- `read=NOT_FOUND`: GET answers 404, and the team's owner gets 200 for the same URL (so the
  404 is the fence and not a wrong URL);
- `read=HIDDEN`: GET answers (200/400/403) without a word of the fenced rows' secret text;
- `writes`: each method answers 403 or 404 (400 where a hidden id is "does not exist"), and no
  row count, audit event or fenced row changes.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from interventions.models import Commitment, Interaction, Intervention, Issue
from scorecard.models import Alert, Measure
from stakeholders.models import (
    Account,
    Assessment,
    Community,
    Contact,
    Organisation,
    Relationship,
    Unit,
)
from stakeholders.services.surveys import assessment_request_create
from tests import factories
from trust import tokens
from trust.models import AuditEvent

SECRET = "Zqxfenced"
NOT_FOUND = "404"
HIDDEN = "hidden"

# Rows an outsider's request must leave exactly as they were.
COUNTED = [
    Organisation,
    Contact,
    Account,
    Relationship,
    Assessment,
    Intervention,
    Interaction,
    Commitment,
    Issue,
    Community,
    Unit,
    Measure,
    Alert,
    AuditEvent,
]


@dataclass(frozen=True)
class Probe:
    """How the outsider probes one URL.

    `pk`: the kind (or kinds) of world object whose id fills the URL's `pk`; None: no `pk`.
    `kwargs`: other URL kwargs. `query`: a query string, formatted with the world's ids.
    `read`: NOT_FOUND, HIDDEN, or None when the URL takes no GET.
    `writes`: methods to try; `body(world)` is the payload they send.
    """

    pk: str | tuple[str, ...] | None = None
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    read: str | None = HIDDEN
    writes: tuple[str, ...] = ()
    body: Callable[[dict], dict] | None = None
    # A refusal other than 403/404 that is still a refusal: {status: text the body must carry}.
    refusals: dict = field(default_factory=lambda: {400: "does not exist"})
    # The kinds whose GET is probed, where fewer than `pk`'s (default: all of them).
    read_pk: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Exempt:
    """Not object-specific: `reason` says why nothing fenced can show or change through it."""

    reason: str


def _detail(kind):
    """A router detail route: GET 404, and PUT/PATCH/DELETE 404 with nothing changed."""
    return Probe(pk=kind, read=NOT_FOUND, writes=("put", "patch", "delete"), body=_any_body)


def _any_body(world):
    # A change an owner could make: the outsider must not get far enough for it to matter.
    return {"notes": "changed", "summary": "changed", "purpose": "changed", "comment": "x"}


def _listing(body=None):
    """A router list route: a search for the fenced text finds nothing; POST there is refused."""
    return Probe(query="?search=" + SECRET, writes=("post",) if body else (), body=body)


# Interventions aimed at each kind of target the fence reaches: the fenced organisation, fenced
# people only, and people on both sides of the fence (the outsider sees that one exists but
# none of its fenced people, and may not change it). One aimed at a community is not fenced:
# `test_outsider_sees_no_fenced_part_of_an_intervention_they_may_see` covers its page.
INTERVENTIONS = ("intervention", "people_intervention", "mixed_intervention")

MATRIX: dict[str, Probe | Exempt] = {
    # --- pages --------------------------------------------------------------------------------
    "home": Probe(),
    "favicon": Exempt("the site icon: a redirect to a static file"),
    "relmap": Probe(query="?organisation={fenced_org}"),
    "organisation_list": Probe(query="?q=Fenced"),
    # The organisation's existence and fence holders are public; its detail is not.
    "organisation_detail": Probe(pk=("fenced_org", "division")),
    "account_map": Probe(pk=("fenced_org", "division")),
    "contact_detail": Probe(pk=("contact", "division_contact"), read=NOT_FOUND),
    "organisation_new": Probe(
        query="?parent={fenced_org}",
        writes=("post",),
        body=lambda w: {"name": "sneaked division", "parent": w["fenced_org"]},
    ),
    "organisation_edit": Probe(
        pk=("fenced_org", "division"),
        writes=("post",),
        body=lambda w: {"name": "Renamed", "notes": "changed"},
    ),
    "organisation_delete": Probe(pk=("fenced_org", "division"), read=None, writes=("post",)),
    "account_edit": Probe(
        pk="fenced_org",
        writes=("post",),
        body=lambda w: {"current_level": "1", "target_level": "1", "manager": w["outsider"]},
    ),
    "assessment_list": Probe(
        pk="fenced_org",
        writes=("post",),
        body=lambda w: {"side": "ours", "trust": "1", "assessed_at": "2026-01-05T10:00"},
    ),
    "account_surveys": Probe(
        pk="fenced_org", writes=("post",), body=lambda w: {"contact": w["contact"]}
    ),
    "contact_survey_request": Probe(
        pk=("contact", "division_contact"), read=None, writes=("post",)
    ),
    "survey_overview": Probe(),
    "survey_bulk": Probe(
        query="?community={community}",
        writes=("post",),
        body=lambda w: {"community": w["community"]},
        refusals={400: "Nobody to ask"},
    ),
    "issue_list": Probe(query="?triage=1"),
    "issue_detail": Probe(pk="issue", read=NOT_FOUND),
    "issue_place": Probe(
        pk="issue",
        read=None,
        writes=("post",),
        body=lambda w: {"organisation": w["division"], "category": "other", "severity": "low"},
    ),
    "issue_add_reply": Probe(
        pk="issue", read=None, writes=("post",), body=lambda w: {"body": "x", "public": "1"}
    ),
    "feedback": Exempt("public: a report from anyone, answered the same whoever they are"),
    "feedback_case": Exempt("public: one report's follow-up page opened by its secret"),
    "survey": Exempt("public: a link opened by its token shows that request only: tests/surveys"),
    "contact_list": Probe(query="?q=Sid"),
    "contact_new": Probe(
        query="?organisation={fenced_org}",
        writes=("post",),
        body=lambda w: {
            "first_name": "Sneaked",
            "organisation": w["fenced_org"],
            "seniority": "operational",
        },
    ),
    "contact_edit": Probe(
        pk=("contact", "division_contact"),
        read=NOT_FOUND,
        writes=("post",),
        body=lambda w: {"first_name": "Renamed", "seniority": "operational"},
    ),
    "contact_archive": Probe(pk=("contact", "division_contact"), read=None, writes=("post",)),
    "relationship_new": Probe(
        pk="contact",
        read=NOT_FOUND,
        writes=("post",),
        body=lambda w: {"staff": w["outsider"], "tier": "operational"},
    ),
    "relationship_edit": Probe(
        pk="relationship",
        read=NOT_FOUND,
        writes=("post",),
        body=lambda w: {"tier": "executive", "owner": w["outsider"]},
    ),
    "relationship_end": Probe(pk="relationship", read=None, writes=("post",)),
    # The search echoes its query: search for the fenced contact's first name instead.
    "search": Probe(query="?q=Sid"),
    "community_list": Probe(),
    "community_detail": Probe(pk="community"),
    "community_new": Exempt("communities are behind no fence: tests/ui/test_workspace.py"),
    "community_edit": Exempt("communities are behind no fence: tests/ui/test_workspace.py"),
    "interaction_new": Probe(
        query="?organisation={fenced_org}",
        writes=("post",),
        body=lambda w: {
            "kind": "meeting",
            "occurred_at": "2026-01-05T10:00",
            "contacts": [w["contact"]],
            "summary": "sneaked in",
            "sentiment": "0",
        },
    ),
    # The search echoes its query: search for the fenced contacts' first names instead.
    "interaction_contact_search": Probe(query="?organisation={fenced_org}&q=Sid"),
    # The fenced interaction (logged by the owner): not there for outsiders, nor changed.
    "interaction_edit": Probe(
        pk="interaction",
        read=NOT_FOUND,
        writes=("post",),
        body=lambda w: {"kind": "call", "summary": "changed", "notes": "changed"},
    ),
    "interaction_delete": Probe(pk="interaction", read=NOT_FOUND, writes=("post",)),
    "intervention_list": Probe(query="?q=plan"),
    "intervention_new": Probe(
        query="?organisation={fenced_org}",
        writes=("post",),
        body=lambda w: {
            "target_kind": "organisation",
            "organisation": w["fenced_org"],
            "title": "sneaked in",
            "purpose": "develop",
            "objective": "x",
            "intended_outcome": "x",
            "starts_on": "2026-01-05",
            "ends_on": "2026-02-05",
        },
    ),
    # What a plan at the fenced organisation would overlap: a count of what is behind the fence.
    "intervention_overlaps": Probe(
        query="?organisation={fenced_org}&starts_on=2000-01-01&ends_on=2999-12-31"
    ),
    # Aimed at the fenced organisation, and aimed at fenced people only: not there for outsiders.
    "intervention_detail": Probe(pk=("intervention", "people_intervention"), read=NOT_FOUND),
    # The one the outsider may see (mixed) answers 403; the others are not there (404).
    "intervention_edit": Probe(
        pk=INTERVENTIONS,
        read_pk=("intervention", "people_intervention"),
        read=NOT_FOUND,
        writes=("post",),
        body=lambda w: {
            "title": "renamed",
            "purpose": "inform",
            "objective": "x",
            "intended_outcome": "x",
            "tier": "operational",
            "starts_on": "2026-01-05",
            "ends_on": "2026-02-05",
        },
    ),
    "intervention_start": Probe(pk=INTERVENTIONS, read=None, writes=("post",)),
    "intervention_close": Probe(
        pk=INTERVENTIONS, read=None, writes=("post",), body=lambda w: {"status": "cancelled"}
    ),
    "commitment_new": Probe(
        query="?organisation={fenced_org}",
        writes=("post",),
        body=lambda w: {"description": "sneaked in", "made_by": "ours", "due_on": "2026-02-05"},
    ),
    "commitment_status": Probe(
        pk="commitment", read=None, writes=("post",), body=lambda w: {"status": "kept"}
    ),
    "issue_new": Probe(
        query="?organisation={fenced_org}",
        writes=("post",),
        body=lambda w: {"category": "late_delivery", "severity": "high", "summary": "sneaked"},
    ),
    "issue_resolve": Probe(pk="issue", read=None, writes=("post",), body=lambda w: {}),
    "issue_escalate": Probe(pk="issue", read=None, writes=("post",), body=lambda w: {}),
    "scorecard": Probe(query="?scope=account:{account}", read=NOT_FOUND),
    # Every measure's records, company-wide: the fenced rows are left out.
    "scorecard_records": Probe(kwargs={"code": "*"}),
    # A fenced account's alerts, and the work on them, are its team's.
    "scorecard_alerts": Probe(query="?period=2026-Q4&show=all"),
    "scorecard_alert_act": Probe(
        pk="alert", read=None, writes=("post",), body=lambda w: {"action": "resolve"}
    ),
    "api_alert_list": Probe(query="?search=" + SECRET),
    "api_alert_detail": Probe(
        pk="alert", read=NOT_FOUND, writes=("patch",), body=lambda w: {"status": "resolved"}
    ),
    # --- API: the router ----------------------------------------------------------------------
    "community-list": _listing(),
    "community-detail": Exempt("communities are not fenced; writes are tested by tests/api"),
    "organisation-list": _listing(
        body=lambda w: {"name": "sneaked division", "parent": w["fenced_org"]}
    ),
    "organisation-detail": Probe(
        pk="fenced_org",
        writes=("put", "patch", "delete"),
        body=lambda w: {"name": "Renamed", "notes": "changed"},
    ),
    "contact-list": _listing(
        body=lambda w: {"first_name": "Sneaked", "last_name": "In", "organisation": w["fenced_org"]}
    ),
    "contact-detail": _detail(("contact", "division_contact")),
    "contact-who-knows": Probe(pk=("contact", "division_contact"), read=NOT_FOUND),
    # The organisation is public; who knows its people behind the fence is not.
    "organisation-who-knows": Probe(pk=("fenced_org", "division")),
    "unit-list": _listing(body=lambda w: {"name": "A unit of my own"}),
    "unit-detail": Probe(
        pk="unit", writes=("put", "patch", "delete"), body=lambda w: {"name": "renamed"}
    ),
    "user-list": Exempt("staff directory: our own people, not behind any fence; read-only"),
    "user-detail": Exempt("staff directory: our own people, not behind any fence; read-only"),
    # Taking over the fenced account by creating "its" account again.
    "account-list": Probe(
        writes=("post",),
        body=lambda w: {"organisation": w["fenced_org"], "manager": w["outsider"]},
        refusals={400: "already exists"},
    ),
    "account-detail": _detail("account"),
    "relationship-list": _listing(
        body=lambda w: {"staff": w["outsider"], "contact": w["contact"], "tier": "operational"}
    ),
    "relationship-detail": _detail("relationship"),
    "assessment-list": _listing(
        body=lambda w: {"account": w["account"], "side": "ours", "comment": "sneaked"}
    ),
    "assessment-detail": _detail("assessment"),
    "assessment-request-list": _listing(body=lambda w: {"contact": w["contact"]}),
    "assessment-request-detail": Probe(pk="assessment_request", read=NOT_FOUND),
    "intervention-list": _listing(
        body=lambda w: {
            "title": "sneaked in",
            "organisation": w["fenced_org"],
            "purpose": "develop",
            "objective": "x",
            "intended_outcome": "x",
            "starts_on": "2026-01-05",
            "ends_on": "2026-02-05",
        }
    ),
    "intervention-detail": Probe(
        pk=INTERVENTIONS,
        read_pk=("intervention", "people_intervention"),
        read=NOT_FOUND,
        writes=("put", "patch", "delete"),
        body=lambda w: {"title": "renamed", "status": "cancelled", "notes": "changed"},
    ),
    "interaction-list": _listing(
        body=lambda w: {
            "kind": "meeting",
            "occurred_at": "2026-01-05T10:00:00Z",
            "organisation": w["fenced_org"],
            "summary": "sneaked in",
        }
    ),
    "interaction-detail": _detail("interaction"),
    "commitment-list": _listing(
        body=lambda w: {
            "organisation": w["fenced_org"],
            "made_by": "ours",
            "description": "sneaked in",
            "due_on": "2026-02-05",
        }
    ),
    "commitment-detail": _detail("commitment"),
    "issue-list": _listing(
        body=lambda w: {
            "organisation": w["fenced_org"],
            "category": "late_delivery",
            "summary": "sneaked in",
        }
    ),
    "issue-detail": _detail("issue"),
    # --- API: workflows -----------------------------------------------------------------------
    "api-contact-changes": Probe(),
    # Per-contact outcomes: a batch answers 200 when it was well formed, and says per contact
    # that the fence refused it.
    "api-contact-bulk": Probe(
        read=None,
        writes=("post",),
        body=lambda w: {
            "contacts": [
                {"external_id": "ext-fenced", "first_name": "Sneaked", "notes": "changed"},
                {"external_id": "ext-new", "last_name": "In", "organisation": w["fenced_org"]},
            ]
        },
        refusals={200: '"created":0,"updated":0,"unchanged":0,"conflicts":0,"errors":2'},
    ),
    "api-account-map": Probe(pk="account", read=NOT_FOUND),
    "api_scorecard": Probe(query="?scope=account:{account}", read=NOT_FOUND),
    "api_measure_list": _listing(),
    "api_measure_detail": Probe(
        pk="measure", writes=("put", "patch"), body=lambda w: {"target": "1"}
    ),
    "api-contact-history": Probe(pk=("contact", "division_contact"), read=NOT_FOUND),
    "api-organisation-history": Probe(pk=("fenced_org", "division"), read=NOT_FOUND),
    # Data-subject requests are for administrators only: 403 to everyone else.
    "api-contact-export": Probe(pk=("contact", "division_contact")),
    "api-contact-erase": Probe(pk="contact", read=None, writes=("post",), body=lambda w: {}),
    "audit-event-list": Probe(query="?object_id={contact}"),
    "audit-event-detail": Exempt(
        "administrators only (403 to others): tests/trust/test_history.py"
    ),
    "api-token-list": Probe(),
    "api-token-detail": Exempt("the caller's own tokens only, others' are 404: test_tokens.py"),
    "api-token-revoke": Exempt("the caller's own tokens only, others' are 404: test_tokens.py"),
    "account_tokens": Probe(),
    # One's own name and email: a POST changes the signed-in user only (test_profile.py).
    "profile": Probe(),
    "account_token_create": Exempt("creates a token for the signed-in user only"),
    "profile_mail": Exempt("the signed-in user's own mail settings"),
    "profile_calendar": Exempt("the signed-in user's own calendar address"),
    # Its token is the key; it shows its owner's own rows through the fence of today:
    # tests/followup/test_calendar.py.
    "calendar_feed": Exempt("a private feed opened by its token: test_calendar.py"),
    # One's own notifications; those about an account whose fence shuts the reader out are
    # hidden everywhere: tests/followup/test_notifications.py.
    "notification_list": Probe(),
    "notification_bell": Probe(),
    "notification_open": Exempt("one's own notifications only: test_notifications.py"),
    "notifications_read": Exempt("marks the signed-in user's own notifications read"),
    "unsubscribe": Exempt("a signed link that stops one person's mail; shows no rows"),
    "account_token_revoke": Exempt("revokes the signed-in user's own tokens only: test_tokens.py"),
    # --- imports and exports (exchange) ------------------------------------------------------
    "import_list": Probe(),
    "import_new": Probe(),
    "import_detail": Exempt("one's own imports only, others' are 404: tests/exchange"),
    "import_remap": Exempt("one's own imports only, others' are 404: tests/exchange"),
    "import_commit": Exempt("one's own imports only, others' are 404: tests/exchange"),
    "import_undo": Exempt("one's own imports only, others' are 404: tests/exchange"),
    "import-list": Probe(),
    "import-detail": Exempt("one's own imports only, others' are 404: tests/exchange"),
    "import-undo": Exempt("one's own imports only, others' are 404: tests/exchange"),
    "export": Exempt(
        "a streamed file: every kind, with and without ?organisation=, holds nothing behind "
        "the fence (tests/exchange/test_page_exports.py)"
    ),
    # --- capture ------------------------------------------------------------------------------
    "capture": Probe(),
    "capture_exclusion_add": Exempt("adds one of the signed-in user's own private addresses"),
    "capture_exclusion_delete": Exempt("one's own private addresses only, others' are 404"),
    "capture_suggestions": Probe(),
    "capture_suggestion_add": Probe(
        read=None,
        writes=("post",),
        body=lambda w: {
            "address": "zqx@fenced.example",
            "organisation": w["fenced_org"],
            "first_name": "Sneaked",
        },
    ),
    "capture_suggestion_dismiss": Probe(
        read=None, writes=("post",), body=lambda w: {"address": "zqx@fenced.example"}
    ),
    "api_capture": Exempt(
        "captures files as the caller; what it records behind a fence is hidden from them like "
        "any fenced interaction (tests/capture/test_fence_breaches.py)"
    ),
    "api-root": Exempt("the API's index of links; shows no rows"),
    "api-schema": Exempt("the OpenAPI schema; shows no rows"),
    "api-docs": Exempt("Swagger UI over the schema; shows no rows"),
}

EXEMPT_PREFIXES = {
    "admin:": "staff only; an outsider is not staff (test_admin_is_closed_to_the_outsider)",
}
EXEMPT = {
    # Django's own sign-in and password pages: about the signed-in user only.
    "login": "signing in",
    "logout": "signing out",
    "password_change": "the user's own password",
    "password_change_done": "the user's own password",
    "password_reset": "the user's own password",
    "password_reset_done": "the user's own password",
    "password_reset_confirm": "the user's own password",
    "password_reset_complete": "the user's own password",
}


def _names(resolver=None, namespace=""):
    """Every URL pattern's name (namespaced) or, for an unnamed one, its route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            yield f"{namespace}{name}"


def test_every_url_is_in_the_matrix():
    names = set(_names())
    missing = {
        name
        for name in names
        if name not in MATRIX
        and name not in EXEMPT
        and not any(name.startswith(prefix) for prefix in EXEMPT_PREFIXES)
    }
    assert not missing, (
        "These URLs have no entry in tests/trust/test_access_matrix.py MATRIX: add one line "
        "each saying how an outsider of a fenced account probes them (Probe(pk=<kind>, ...)) or "
        "why nothing fenced can show through them (Exempt(<reason>)): " + ", ".join(sorted(missing))
    )
    stale = set(MATRIX) - names
    assert not stale, f"MATRIX names URLs that no longer exist: {sorted(stale)}"


# --- the world ------------------------------------------------------------------------------


@pytest.fixture
def world(fenced_account, fenced_org, owner, teammate, outsider):
    """A fenced account with one of everything, each carrying SECRET in its text."""
    division = factories.OrganisationFactory(name="Fenced Division", parent=fenced_org)
    contact = factories.ContactFactory(
        organisation=fenced_org,
        first_name="Sid",
        last_name=SECRET,
        email="sid@fenced.example",
        external_id="ext-fenced",
    )
    division_contact = factories.ContactFactory(
        organisation=division, first_name="Dot", last_name=SECRET, email="dot@fenced.example"
    )
    now = timezone.now()
    interaction = factories.InteractionFactory(
        organisation=fenced_org, logged_by=owner, summary=f"{SECRET} lunch", occurred_at=now
    )
    interaction.contacts.set([contact, division_contact])
    interaction.staff.set([owner])
    community = factories.CommunityFactory(name="Open community")
    fenced_org.communities.add(community)
    open_contact = factories.ContactFactory(first_name="Olive", last_name="Open")
    people_intervention = factories.InterventionFactory(
        target_kind="contacts", organisation=None, owner=owner, title="People plan"
    )
    people_intervention.contacts.set([contact, division_contact])
    mixed_intervention = factories.InterventionFactory(
        target_kind="contacts", organisation=None, owner=owner, title="Both sides plan"
    )
    mixed_intervention.contacts.set([contact, open_contact])
    community_intervention = factories.InterventionFactory(
        target_kind="community",
        organisation=None,
        community=community,
        owner=owner,
        title="Community plan",
    )
    interaction.intervention = mixed_intervention
    interaction.save()
    factories.InteractionFactory(
        organisation=division,
        logged_by=owner,
        summary=f"{SECRET} community meeting",
        intervention=community_intervention,
    )
    # Another unit's overlapping plan at the fenced organisation: a conflict of the mixed one.
    factories.InterventionFactory(
        organisation=fenced_org, owner=teammate, unit=factories.UnitFactory(name="Other unit")
    )
    rows = {
        "fenced_org": fenced_org,
        "division": division,
        "account": fenced_account,
        "contact": contact,
        "division_contact": division_contact,
        "relationship": factories.RelationshipFactory(
            staff=owner, contact=contact, purpose=f"{SECRET} purpose", last_interaction_at=now
        ),
        "assessment": factories.AssessmentFactory(
            account=fenced_account, respondent=contact, comment=f"{SECRET} comment"
        ),
        "intervention": factories.InterventionFactory(
            organisation=fenced_org, owner=owner, title=f"{SECRET} plan"
        ),
        "people_intervention": people_intervention,
        "mixed_intervention": mixed_intervention,
        "community_intervention": community_intervention,
        "interaction": interaction,
        "commitment": factories.CommitmentFactory(
            organisation=fenced_org,
            interaction=interaction,
            owner=owner,
            description=f"{SECRET} promise",
            due_on=timezone.localdate() - dt.timedelta(days=1),
        ),
        "issue": factories.IssueFactory(
            organisation=fenced_org,
            contact=contact,
            owner=owner,
            summary=f"{SECRET} complaint",
            severity="high",
            escalated=True,
            escalated_at=now,
        ),
        "community": community,
        "assessment_request": assessment_request_create(contact=contact, requested_by=owner),
        "unit": factories.UnitFactory(name="Somebody else's unit"),
        "measure": Measure.objects.order_by("pk").first(),
        "alert": Alert.objects.create(
            measure=Measure.objects.get(code="open_issues"),
            scope_kind="account",
            scope_id=fenced_account.pk,
            scope_name=fenced_org.name,
            period="2026-Q4",
            previous_period="2026-Q3",
            value=9,
            previous_value=2,
            message=f"{SECRET} open issues rising",
            severity="high",
        ),
    }
    ids = {name: obj.pk for name, obj in rows.items()}
    ids |= {"owner": owner.pk, "teammate": teammate.pk, "outsider": outsider.pk}
    return {"rows": rows, "ids": ids, "owner": owner, "outsider": outsider}


def _client(user, api):
    if api:
        _, key = tokens.api_token_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client
    client = Client()
    client.force_login(user)
    return client


def _urls(name, probe, ids, *, reading=False):
    """The URLs to probe: one per object of `probe.pk`'s kinds, one per measure for `code=*`."""
    kinds = (probe.pk,) if isinstance(probe.pk, str) else probe.pk or (None,)
    if reading and probe.read_pk:
        kinds = probe.read_pk
    variants = [{**probe.kwargs, **({"pk": ids[kind]} if kind else {})} for kind in kinds]
    if probe.kwargs.get("code") == "*":
        codes = Measure.objects.values_list("code", flat=True)
        variants = [{**kwargs, "code": code} for kwargs in variants for code in codes]
    query = probe.query.format(**ids)
    return [reverse(name, kwargs=kwargs or None) + query for kwargs in variants]


def _state():
    """Row counts of everything a write could touch, and every fenced row's fields."""
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    rows = {}
    for model in (Contact, Relationship, Assessment, Intervention, Interaction, Commitment, Issue):
        for obj in model.objects.all():
            rows[f"{model.__name__}:{obj.pk}"] = model_to_dict(obj)
    for account in Account.objects.all():
        rows[f"Account:{account.pk}"] = model_to_dict(account)
    return counts, rows


def _is_api(name):
    probe = MATRIX[name]
    kwargs = {**probe.kwargs, **({"pk": 1} if probe.pk else {})}
    if kwargs.get("code") == "*":
        kwargs["code"] = "x"
    return reverse(name, kwargs=kwargs or None).startswith("/api/")


# HIDDEN reads whose page shows the team the fenced text: proof that the probe would see a leak.
TEAM_SEES = {
    "contact_list",
    "search",
    "organisation_detail",
    "account_map",
    "interaction_contact_search",
    "interaction_new",
    "intervention_new",
    "issue_new",
    "intervention_list",
    "scorecard_records",
    "scorecard_alerts",
    "api_alert_list",
    "api-contact-changes",
    "contact-list",
    "relationship-list",
    "assessment-list",
    "intervention-list",
    "interaction-list",
    "commitment-list",
    "issue-list",
}
READS = sorted(n for n, p in MATRIX.items() if isinstance(p, Probe) and p.read)
WRITES = sorted(
    (n, method) for n, p in MATRIX.items() if isinstance(p, Probe) for method in p.writes
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", READS)
def test_outsider_reads(world, name):
    probe = MATRIX[name]
    api = _is_api(name)
    outsider = _client(world["outsider"], api)
    team = _client(world["owner"], api)
    team_saw = False
    for url in _urls(name, probe, world["ids"], reading=True):
        response = outsider.get(url)
        body = response.content.decode()
        if probe.read == NOT_FOUND:
            assert response.status_code == 404, (url, response.status_code)
            # The same URL works for the team: the 404 is the fence, not a wrong URL.
            assert team.get(url).status_code == 200, url
        else:
            assert response.status_code in (200, 400, 403), (url, response.status_code)
            if name in TEAM_SEES:
                team_saw = team_saw or SECRET in team.get(url).content.decode()
        assert SECRET not in body, f"{url} shows fenced text to an outsider"
        for email in ("sid@fenced.example", "dot@fenced.example"):
            assert email not in body, f"{url} shows a fenced contact's email to an outsider"
    # The probe can see a leak: the same URLs show the team the fenced text.
    assert team_saw or name not in TEAM_SEES, name


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), WRITES)
def test_outsider_writes_change_nothing(world, name, method):
    probe = MATRIX[name]
    api = _is_api(name)
    outsider = _client(world["outsider"], api)
    body = probe.body(world["ids"]) if probe.body else {}
    for url in _urls(name, probe, world["ids"]):
        before = _state()
        if api:
            response = getattr(outsider, method)(url, body, format="json")
        else:
            response = getattr(outsider, method)(url, body)
        status = response.status_code
        assert status in (403, 404, *probe.refusals), (url, method, status)
        if status in probe.refusals:
            assert probe.refusals[status] in response.content.decode(), response.content
        after = _state()
        assert after[0] == before[0], f"{method} {url} changed row counts"
        assert after[1] == before[1], f"{method} {url} changed a row"


@pytest.mark.django_db
def test_admin_is_closed_to_the_outsider(world):
    client = _client(world["outsider"], api=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    account = world["ids"]["account"]
    assert client.get(f"/admin/stakeholders/account/{account}/change/").status_code == 302


# Pages and endpoints that show an intervention the outsider may see, with fenced parts.
VISIBLE_INTERVENTIONS = [
    (name, kind)
    for name in ("intervention_detail", "intervention-detail")
    for kind in ("mixed_intervention", "community_intervention")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kind"), VISIBLE_INTERVENTIONS)
def test_outsider_sees_no_fenced_part_of_an_intervention_they_may_see(world, name, kind):
    url = reverse(name, kwargs={"pk": world["ids"][kind]})
    api = url.startswith("/api/")
    outsider, team = _client(world["outsider"], api), _client(world["owner"], api)
    response = outsider.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body and "sid@fenced.example" not in body
    assert "Sid" not in body, "a fenced contact's name"
    team_body = team.get(url).content.decode()
    if name == "intervention_detail":
        # The team's page shows the fenced interaction linked to it: the probe would see it.
        assert SECRET in team_body
    if kind == "mixed_intervention":
        # The team sees the fenced person, the linked fenced interaction and the conflict.
        assert "Sid" in team_body or str(world["ids"]["contact"]) in team_body
        assert "Olive" in body or str(world["ids"]["mixed_intervention"]) in body
