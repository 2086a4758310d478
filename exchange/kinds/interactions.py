"""Interactions from a spreadsheet, with the dates they really happened: matched on external
id, else on organisation, time and summary; logged through `interaction_log`, so the
relationships between their participants are brought up to date."""

from exchange import values
from exchange.columns import Column
from exchange.kinds.base import (
    EXTERNAL_ID,
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
    split,
    update,
)
from interventions import services
from interventions.models import Interaction
from stakeholders.models import Tier

COLUMNS = (
    EXTERNAL_ID,
    Column(
        "occurred_at",
        "Date",
        ("occurred at", "occurred", "when", "date and time", "datetime", "meeting date", "time"),
        required=True,
    ),
    Column("kind", "Kind", ("type", "channel", "activity type", "activity")),
    ORGANISATION,
    Column("summary", "Summary", ("subject", "title", "topic"), required=True),
    Column("notes", "Notes", ("description", "details", "minutes", "comments")),
    Column("sentiment", "Sentiment", ("mood", "tone"), help="-2 to +2."),
    Column(
        "contacts",
        "Contacts",
        ("attendees", "participants", "with", "their people", "contact"),
        help="E-mails or external IDs, separated by semicolons.",
    ),
    Column(
        "staff",
        "Our people",
        ("staff", "our staff", "owner", "logged by", "user", "users"),
        help="Usernames or e-mails, separated by semicolons; you when empty.",
    ),
    Column("tier", "Tier", ("level",)),
)
EDITABLE = ("kind", "notes")


def _existing(rows_keys: set) -> tuple[dict, dict]:
    ext_ids = {k for kind, k in rows_keys if kind == "ext"}
    stamps = {k for kind, k in rows_keys if kind == "when"}
    by_ext = {i.external_id: i for i in Interaction.objects.filter(external_id__in=ext_ids)}
    by_when = {}
    if stamps:
        for interaction in Interaction.objects.filter(
            occurred_at__in={when for _, when, _ in stamps},
            organisation_id__in={org for org, _, _ in stamps},
        ):
            key = (interaction.organisation_id, interaction.occurred_at, interaction.summary)
            by_when[key] = interaction
    return by_ext, by_when


def import_chunk(run: Run, rows: list[Row]) -> list[Result]:
    find_organisations(run, rows)
    users = find_users(rows, ("staff",))
    people = find_contacts(run, rows, ("contacts",))
    planned = []
    for row in rows:
        result = Result(row=row, label=row.text("summary")[:200])
        organisation = organisation_cell(run, row, result)
        fields = {
            "occurred_at": parse(row, result, "occurred_at", values.moment),
            "summary": row.text("summary")[:300],
            "notes": row.text("notes"),
            "external_id": row.text("external_id") or None,
        }
        if not fields["summary"]:
            result.fail("summary", "A summary is needed.")
        if row.has("kind"):
            fields["kind"] = parse(row, result, "kind", values.choice, Interaction.Kind.choices)
        if row.has("sentiment"):
            fields["sentiment"] = parse(row, result, "sentiment", values.integer, -2, 2)
        if row.has("tier"):
            fields["tier"] = parse(row, result, "tier", values.choice, Tier.choices)
        fields["contacts"] = [people.get(k) for k in split(row.text("contacts"))]
        if None in fields["contacts"]:
            result.fail("contacts", "Some contacts are unknown (or hidden from you).")
        staff = [users.get(k) for k in split(row.text("staff"))]
        if None in staff:
            result.fail("staff", "Some of our people are unknown: use usernames or e-mails.")
        fields["staff"] = staff or [run.user]
        planned.append((result, organisation, fields))
    keys = set()
    for _, organisation, fields in planned:
        if fields["external_id"]:
            keys.add(("ext", fields["external_id"]))
        elif organisation and fields["occurred_at"]:
            keys.add(("when", (organisation.pk, fields["occurred_at"], fields["summary"])))
    by_ext, by_when = _existing(keys)
    for result, organisation, fields in planned:
        if not result.errors:
            _import_row(run, result, organisation, fields, by_ext, by_when)
    return [result for result, _, _ in planned]


def _import_row(run, result, organisation, fields, by_ext, by_when) -> None:
    key = (organisation.pk, fields["occurred_at"], fields["summary"])
    earlier = run.duplicate(("interaction", fields["external_id"] or key), result.row.number)
    if earlier:
        result.fail("summary", f"The same interaction as row {earlier}.")
        return
    existing = by_ext.get(fields["external_id"]) or by_when.get(key)
    if existing is None:
        create(
            result,
            lambda: services.interaction_log(
                logged_by=run.user, organisation=organisation, **fields
            ),
        )
        return
    update(
        result,
        existing,
        {k: fields[k] for k in EDITABLE if k in fields},
        lambda changed: services.interaction_update(
            interaction=existing, updated_by=run.user, **changed
        ),
    )
