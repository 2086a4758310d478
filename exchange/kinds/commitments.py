"""Commitments from a spreadsheet, kept, missed or open as they really were, with their due
and closing dates: matched on organisation, description and due date."""

from django.db.models.functions import Lower

from exchange import values
from exchange.columns import Column
from exchange.kinds.base import (
    ORGANISATION,
    Result,
    Row,
    Run,
    create,
    find_organisations,
    find_users,
    organisation_cell,
    parse,
    update,
    user_cell,
)
from interventions import services
from interventions.models import Commitment

COLUMNS = (
    ORGANISATION,
    Column(
        "description", "Description", ("commitment", "promise", "action", "what"), required=True
    ),
    Column("due_on", "Due on", ("due", "due date", "deadline", "by"), required=True),
    Column("made_by", "Made by", ("side", "whose", "promised by")),
    Column("owner", "Owner", ("responsible", "assigned to", "user")),
    Column("status", "Status", ("state", "outcome")),
    Column(
        "closed_at",
        "Closed at",
        ("closed", "closed on", "completed", "completed on", "kept on", "done on"),
    ),
)


def import_chunk(run: Run, rows: list[Row]) -> list[Result]:
    find_organisations(run, rows)
    users = find_users(rows, ("owner",))
    descriptions = {r.text("description").lower() for r in rows}
    existing = {
        (c.organisation_id, c.lower_description, c.due_on): c
        for c in Commitment.objects.annotate(lower_description=Lower("description")).filter(
            lower_description__in=descriptions
        )
    }
    results = []
    for row in rows:
        result = Result(row=row, label=row.text("description")[:200])
        results.append(result)
        organisation = organisation_cell(run, row, result)
        fields = {"description": row.text("description")[:500]}
        if not fields["description"]:
            result.fail("description", "A description is needed.")
        fields["due_on"] = parse(row, result, "due_on", values.day)
        if row.has("made_by"):
            fields["made_by"] = parse(
                row, result, "made_by", values.choice, Commitment.MadeBy.choices
            )
        if row.has("status"):
            fields["status"] = parse(
                row, result, "status", values.choice, Commitment.Status.choices
            )
        if row.has("closed_at"):
            fields["closed_at"] = parse(row, result, "closed_at", values.moment)
        if row.has("owner"):
            fields["owner"] = user_cell(row, result, "owner", users)
        if result.errors:
            continue
        key = (organisation.pk, fields["description"].lower(), fields["due_on"])
        earlier = run.duplicate(("commitment", *key), row.number)
        if earlier:
            result.fail("description", f"The same commitment as row {earlier}.")
        elif (commitment := existing.get(key)) is None:
            create(
                result,
                lambda o=organisation, f=fields: services.commitment_record(
                    recorded_by=run.user, organisation=o, **f
                ),
            )
        else:
            update(
                result,
                commitment,
                fields,
                lambda changed, c=commitment: services.commitment_update(
                    commitment=c, updated_by=run.user, **changed
                ),
            )
    return results
