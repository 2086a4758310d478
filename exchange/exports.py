"""The Export menu of every list page: the rows the page's filters select, only those the user
may see, as CSV or Excel, streamed. Kinds without a list page of their own (relationships,
interactions, commitments, issues, assessments) are exported from the organisation page
(`?organisation=`: that organisation and its divisions) and from the interventions page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from core.people import person_name
from interventions.forms import InterventionFilterForm
from interventions.models import Commitment, Interaction, Intervention, Issue
from stakeholders.forms import ContactFilterForm, OrganisationFilterForm
from stakeholders.models import Assessment, Contact, Organisation, Relationship

CHUNK = 2000


def _name(user) -> str:
    return person_name(user) if user is not None else ""


def _names(related) -> str:
    return "; ".join(str(o) for o in related.all())


@dataclass(frozen=True)
class Table:
    label: str
    rows: Callable  # (request) -> queryset, filtered as the page filters it
    columns: tuple[tuple[str, Callable], ...]


def _in_organisation(request, path: str):
    """A Q for `?organisation=<id>`: rows there and, for a top-level one, at its divisions."""
    value = request.GET.get("organisation", "")
    if not value.isdigit():
        return Q()
    return Q(**{f"{path}_id": int(value)}) | Q(**{f"{path}__root_id": int(value)})


def _organisations(request):
    return OrganisationFilterForm(request.GET or None).filter(
        Organisation.objects.visible_to(request.user)
        .select_related("parent", "account")
        .prefetch_related("communities")
    )


def _contacts(request):
    rows = Contact.objects.visible_to(request.user).select_related("organisation")
    rows = rows.filter(_in_organisation(request, "organisation"))
    return ContactFilterForm(request.GET or None).filter(rows)


def _interventions(request):
    rows = (
        Intervention.objects.visible_to(request.user)
        .select_related("owner", "unit", "organisation", "community")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.visible_to(request.user)))
        .order_by("-starts_on", "-id")
    )
    filters = InterventionFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    for name in ("status", "purpose", "unit"):
        if data.get(name):
            rows = rows.filter(**{name: data[name]})
    if data.get("mine"):
        rows = rows.filter(owner=request.user)
    if data.get("organisation"):
        rows = rows.filter(organisation__root_id=data["organisation"])
    return rows


def _relationships(request):
    return (
        Relationship.objects.visible_to(request.user)
        .filter(_in_organisation(request, "contact__organisation"))
        .select_related("staff", "owner", "contact__organisation")
        .with_dormancy()
        .order_by("contact__last_name", "id")
    )


def _interactions(request):
    return (
        Interaction.objects.visible_to(request.user)
        .filter(_in_organisation(request, "organisation"))
        .select_related("organisation", "logged_by")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.visible_to(request.user)), "staff"
        )
    )


def _commitments(request):
    return (
        Commitment.objects.visible_to(request.user)
        .filter(_in_organisation(request, "organisation"))
        .select_related("organisation", "owner")
    )


def _issues(request):
    return (
        Issue.objects.visible_to(request.user)
        .filter(_in_organisation(request, "organisation"))
        .select_related("organisation", "contact", "owner")
    )


def _assessments(request):
    return (
        Assessment.objects.visible_to(request.user)
        .filter(_in_organisation(request, "account__organisation"))
        .select_related("account__organisation", "respondent", "assessed_by")
    )


TABLES = {
    "organisations": Table(
        "Organisations",
        _organisations,
        (
            ("ID", lambda o: o.pk),
            ("External ID", lambda o: o.external_id),
            ("Name", lambda o: o.name),
            ("Parent", lambda o: o.parent.name if o.parent else ""),
            ("Communities", lambda o: _names(o.communities)),
            ("Website", lambda o: o.website),
            ("Country", lambda o: o.country),
            ("Key account", lambda o: "yes" if o.is_key_account else "no"),
            ("Lifetime value", lambda o: o.lifetime_value),
            ("Influence", lambda o: o.influence),
            ("Notes", lambda o: o.notes),
            ("Updated at", lambda o: o.updated_at),
        ),
    ),
    "contacts": Table(
        "Contacts",
        _contacts,
        (
            ("ID", lambda c: c.pk),
            ("External ID", lambda c: c.external_id),
            ("First name", lambda c: c.first_name),
            ("Last name", lambda c: c.last_name),
            ("E-mail", lambda c: c.email),
            ("Phone", lambda c: c.phone),
            ("Job title", lambda c: c.job_title),
            ("Organisation", lambda c: c.organisation.name if c.organisation else ""),
            ("Seniority", lambda c: c.get_seniority_display()),
            ("Influence", lambda c: c.influence),
            ("Marketing consent", lambda c: "yes" if c.consent_marketing else "no"),
            ("Notes", lambda c: c.notes),
            ("Updated at", lambda c: c.updated_at),
        ),
    ),
    "relationships": Table(
        "Relationships",
        _relationships,
        (
            ("ID", lambda r: r.pk),
            ("Our person", lambda r: _name(r.staff)),
            ("Contact", lambda r: r.contact.full_name),
            ("Contact e-mail", lambda r: r.contact.email),
            (
                "Organisation",
                lambda r: r.contact.organisation.name if r.contact.organisation else "",
            ),
            ("Tier", lambda r: r.get_tier_display()),
            ("Status", lambda r: r.get_state_display()),
            ("Strength", lambda r: r.strength),
            ("Last interaction", lambda r: r.last_interaction_at),
            ("Owner", lambda r: _name(r.owner)),
            ("Purpose", lambda r: r.purpose),
        ),
    ),
    "interactions": Table(
        "Interactions",
        _interactions,
        (
            ("ID", lambda i: i.pk),
            ("External ID", lambda i: i.external_id),
            ("Date", lambda i: i.occurred_at),
            ("Kind", lambda i: i.get_kind_display()),
            ("Organisation", lambda i: i.organisation.name),
            ("Summary", lambda i: i.summary),
            ("Contacts", lambda i: _names(i.contacts)),
            ("Our people", lambda i: "; ".join(_name(u) for u in i.staff.all())),
            ("Tier", lambda i: i.get_tier_display()),
            ("Sentiment", lambda i: i.sentiment),
            ("Logged by", lambda i: _name(i.logged_by)),
            ("Notes", lambda i: i.notes),
        ),
    ),
    "interventions": Table(
        "Interventions",
        _interventions,
        (
            ("ID", lambda i: i.pk),
            ("Title", lambda i: i.title),
            ("Target", lambda i: i.organisation or i.community or _names(i.contacts)),
            ("Purpose", lambda i: i.get_purpose_display()),
            ("Tier", lambda i: i.get_tier_display()),
            ("Objective", lambda i: i.objective),
            ("Intended outcome", lambda i: i.intended_outcome),
            ("Owner", lambda i: _name(i.owner)),
            ("Unit", lambda i: str(i.unit or "")),
            ("Starts on", lambda i: i.starts_on),
            ("Ends on", lambda i: i.ends_on),
            ("Status", lambda i: i.get_status_display()),
            ("Actual outcome", lambda i: i.actual_outcome),
            ("Outcome rating", lambda i: i.get_outcome_rating_display()),
        ),
    ),
    "commitments": Table(
        "Commitments",
        _commitments,
        (
            ("ID", lambda c: c.pk),
            ("Organisation", lambda c: c.organisation.name),
            ("Description", lambda c: c.description),
            ("Made by", lambda c: c.get_made_by_display()),
            ("Owner", lambda c: _name(c.owner)),
            ("Due on", lambda c: c.due_on),
            ("Status", lambda c: c.get_status_display()),
            ("Closed at", lambda c: c.closed_at),
        ),
    ),
    "issues": Table(
        "Issues",
        _issues,
        (
            ("ID", lambda i: i.pk),
            # A public report waits for triage without an organisation.
            ("Organisation", lambda i: i.organisation.name if i.organisation else ""),
            ("Summary", lambda i: i.summary),
            ("Category", lambda i: i.get_category_display()),
            ("Severity", lambda i: i.get_severity_display()),
            ("Raised by", lambda i: i.contact.full_name if i.contact else ""),
            ("Opened at", lambda i: i.opened_at),
            ("Resolved at", lambda i: i.resolved_at),
            ("Escalated", lambda i: "yes" if i.escalated else "no"),
            ("Owner", lambda i: _name(i.owner)),
            ("Description", lambda i: i.description),
            ("Resolution", lambda i: i.resolution),
        ),
    ),
    "assessments": Table(
        "Assessments",
        _assessments,
        (
            ("ID", lambda a: a.pk),
            ("Account", lambda a: a.account.organisation.name),
            ("Side", lambda a: a.get_side_display()),
            ("Respondent", lambda a: a.respondent.full_name if a.respondent else ""),
            ("Assessed by", lambda a: _name(a.assessed_by)),
            *((f.capitalize(), lambda a, f=f: getattr(a, f)) for f in Assessment.SCORE_FIELDS),
            ("Stage", lambda a: a.get_stage_display()),
            ("NPS", lambda a: a.nps),
            ("Requested at", lambda a: a.requested_at),
            ("Assessed at", lambda a: a.assessed_at),
            ("Comment", lambda a: a.comment),
        ),
    ),
}


def export_rows(table: Table, request):
    """The header and a generator of rows, read a chunk at a time."""
    header = [label for label, _ in table.columns]
    rows = (
        [value(obj) for _, value in table.columns]
        for obj in table.rows(request).iterator(chunk_size=CHUNK)
    )
    return header, rows
