"""Organisations and their divisions from a spreadsheet: matched on external id, then by name
under the same parent; written through the organisation services, one row at a time."""

from django.db.models.functions import Lower

from exchange import values
from exchange.columns import Column
from exchange.kinds.base import (
    EXTERNAL_ID,
    FENCED,
    Result,
    Row,
    Run,
    create,
    find_organisations,
    organisation_named,
    parse,
    update,
)
from stakeholders import services
from stakeholders.models import Organisation

SCALES = (
    ("purchasing_ability", "Purchasing ability"),
    ("reciprocal_potential", "Reciprocal potential"),
    ("influence", "Influence"),
    ("complaint_power", "Complaint power"),
    ("nuisance_factor", "Nuisance factor"),
)
COLUMNS = (
    EXTERNAL_ID,
    Column(
        "name",
        "Name",
        (
            "organisation",
            "organization",
            "company",
            "company name",
            "organisation name",
            "organization name",
            "account name",
        ),
        required=True,
    ),
    Column(
        "parent",
        "Parent",
        ("parent organisation", "parent organization", "parent company", "division of", "part of"),
        help="Its name or external ID; it must come first in the file or exist already.",
    ),
    Column("website", "Website", ("web", "url", "homepage", "web site", "site")),
    Column("country", "Country", ("country code",), help="Two letters: GB, DE, FR…"),
    Column("is_key_account", "Key account", ("is key account", "key")),
    Column("lifetime_value", "Lifetime value", ("value", "ltv"), help="In EUR."),
    *(Column(name, label, (), help="1 to 5.") for name, label in SCALES),
    Column("notes", "Notes", ("note", "comments", "comment", "remarks", "description")),
)
TEXTS = ("name", "website", "notes", "external_id")


def _fields(run: Run, row: Row, result: Result) -> dict:
    fields = {name: row.text(name) for name in TEXTS if row.has(name)}
    if "name" in fields:
        fields["name"] = fields["name"][:255]
    if row.has("country"):
        fields["country"] = row.text("country").upper()
    if row.has("is_key_account"):
        fields["is_key_account"] = parse(row, result, "is_key_account", values.boolean)
    if row.has("lifetime_value"):
        fields["lifetime_value"] = parse(row, result, "lifetime_value", values.decimal)
    for name, _ in SCALES:
        if row.has(name):
            fields[name] = parse(row, result, name, values.integer, 1, 5)
    if row.has("parent"):
        fields["parent"] = organisation_named(run, row.text("parent"))
        if fields["parent"] is None:
            result.fail("parent", f"No organisation is named “{row.text('parent')[:80]}”.")
    return fields


def _existing(rows: list[Row]) -> tuple[dict, dict]:
    ext_ids = {r.text("external_id") for r in rows if r.has("external_id")}
    names = {r.text("name").lower() for r in rows if r.has("name")}
    by_ext = {o.external_id: o for o in Organisation.objects.filter(external_id__in=ext_ids)}
    by_name = {}
    for organisation in Organisation.objects.annotate(lower_name=Lower("name")).filter(
        lower_name__in=names
    ):
        by_name.setdefault((organisation.lower_name, organisation.parent_id), organisation)
    return by_ext, by_name


def import_chunk(run: Run, rows: list[Row]) -> list[Result]:
    find_organisations(run, rows, "parent")
    by_ext, by_name = _existing(rows)
    results = []
    for row in rows:
        result = Result(row=row, label=row.text("name")[:200])
        results.append(result)
        fields = _fields(run, row, result)
        if not row.has("name"):
            result.fail("name", "A name is needed.")
        parent = fields.get("parent")
        key = (fields.get("name", "").lower(), parent.pk if parent else None)
        earlier = run.duplicate(("organisation", *key), row.number)
        if earlier:
            result.fail("name", f"Same name and parent as row {earlier}.")
        if result.errors:
            continue
        organisation = by_ext.get(fields.get("external_id")) or by_name.get(key)
        if not run.may_write_at(organisation) or not run.may_write_at(parent):
            result.fail("name", FENCED)
        elif organisation is None:
            create(result, lambda fields=fields: services.organisation_create(**fields))
        else:
            update(
                result,
                organisation,
                fields,
                lambda changed, o=organisation: services.organisation_update(
                    organisation=o, **changed
                ),
            )
        if result.written is not None:
            run.organisations[("name", key[0])] = result.written
            by_name[key] = result.written
    return results
