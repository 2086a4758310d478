"""Issues from a spreadsheet, with the dates they were really opened and resolved: matched on
organisation, summary and opening time."""

from exchange import values
from exchange.columns import Column
from exchange.kinds.base import (
    ORGANISATION,
    Result,
    Row,
    Run,
    create,
    find_contacts,
    find_organisations,
    find_users,
    organisation_cell,
    parse,
    update,
    user_cell,
)
from interventions import services
from interventions.models import Issue

COLUMNS = (
    ORGANISATION,
    Column(
        "summary", "Summary", ("subject", "title", "complaint", "issue", "problem"), required=True
    ),
    Column("category", "Category", ("type", "kind"), required=True),
    Column("severity", "Severity", ("priority", "impact")),
    Column("description", "Description", ("details", "notes")),
    Column(
        "opened_at",
        "Opened at",
        (
            "opened",
            "opened on",
            "raised",
            "raised on",
            "reported",
            "reported on",
            "date",
            "created",
        ),
        required=True,
    ),
    Column("resolved_at", "Resolved at", ("resolved", "resolved on", "closed", "closed on")),
    Column("resolution", "Resolution", ("how resolved", "outcome")),
    Column("escalated", "Escalated", ("escalation",)),
    Column("contact", "Raised by", ("contact", "contact email", "reported by", "customer contact")),
    Column("owner", "Owner", ("assigned to", "responsible", "user")),
)
# What a later file may change on an issue already imported.
CHANGEABLE = ("severity", "description", "resolved_at", "resolution", "escalated", "owner")


def _fields(row, result, users, people) -> dict:
    fields = {
        "summary": row.text("summary")[:300],
        "category": parse(row, result, "category", values.choice, Issue.Category.choices),
        "opened_at": parse(row, result, "opened_at", values.moment),
    }
    if not fields["summary"]:
        result.fail("summary", "A summary is needed.")
    if row.has("severity"):
        fields["severity"] = parse(row, result, "severity", values.choice, Issue.Severity.choices)
    for name in ("description", "resolution"):
        if row.has(name):
            fields[name] = row.text(name)
    if row.has("resolved_at"):
        fields["resolved_at"] = parse(row, result, "resolved_at", values.moment)
    if row.has("escalated"):
        fields["escalated"] = parse(row, result, "escalated", values.boolean)
    if row.has("owner"):
        fields["owner"] = user_cell(row, result, "owner", users)
    if row.has("contact"):
        fields["contact"] = people.get(row.text("contact").lower())
        if fields["contact"] is None:
            result.fail("contact", "No contact you may see has this e-mail or external ID.")
    return fields


def import_chunk(run: Run, rows: list[Row]) -> list[Result]:
    find_organisations(run, rows)
    users = find_users(rows, ("owner",))
    people = find_contacts(run, rows, ("contact",))
    summaries = {r.text("summary")[:300] for r in rows}
    existing = {
        (i.organisation_id, i.summary, i.opened_at): i
        for i in Issue.objects.filter(summary__in=summaries)
    }
    results = []
    for row in rows:
        result = Result(row=row, label=row.text("summary")[:200])
        results.append(result)
        organisation = organisation_cell(run, row, result)
        fields = _fields(row, result, users, people)
        if result.errors:
            continue
        key = (organisation.pk, fields["summary"], fields["opened_at"])
        earlier = run.duplicate(("issue", *key), row.number)
        if earlier:
            result.fail("summary", f"The same issue as row {earlier}.")
        elif (issue := existing.get(key)) is None:
            create(
                result,
                lambda o=organisation, f=fields: services.issue_record(
                    recorded_by=run.user, organisation=o, **f
                ),
            )
        else:
            update(
                result,
                issue,
                {k: v for k, v in fields.items() if k in CHANGEABLE},
                lambda changed, i=issue: services.issue_update(
                    issue=i, updated_by=run.user, **changed
                ),
            )
    return results
