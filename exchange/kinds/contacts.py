"""Contacts from a spreadsheet: matched on external id, then e-mail; written a thousand at a
time through the sync's bulk writer, so each is stamped for the changes feed and audited."""

from django.db import connection
from django.db.models.functions import Lower
from django.utils import timezone

from exchange import values
from exchange.columns import Column
from exchange.kinds.base import (
    CREATED,
    ERROR,
    EXTERNAL_ID,
    FENCED,
    UNCHANGED,
    UPDATED,
    Result,
    Row,
    Run,
    find_organisations,
    organisation_named,
    parse,
)
from stakeholders import services
from stakeholders.models import Contact, Organisation, Seniority
from stakeholders.sync.upsert import contact_clean, contacts_write

COLUMNS = (
    EXTERNAL_ID,
    Column("first_name", "First name", ("given name", "forename", "first", "firstname")),
    Column("last_name", "Last name", ("surname", "family name", "last", "lastname")),
    Column("name", "Full name", ("name", "contact", "contact name", "person")),
    Column("email", "E-mail", ("email", "email address", "e-mail address", "mail")),
    Column(
        "phone", "Phone", ("mobile", "telephone", "tel", "phone number", "mobile phone", "cell")
    ),
    Column("job_title", "Job title", ("position", "title", "role", "function", "job")),
    Column(
        "organisation",
        "Organisation",
        (
            "organization",
            "company",
            "company name",
            "account",
            "employer",
            "organisation id",
            "organization id",
            "company id",
        ),
        help="Its name or external ID.",
    ),
    Column("seniority", "Seniority", ("level",)),
    Column("influence", "Influence", (), help="1 to 5."),
    Column("notes", "Notes", ("note", "comments", "comment", "remarks", "description")),
    Column("consent_marketing", "Marketing consent", ("consent", "opt in", "marketing")),
)
# Of these, each row needs one: a first name, or a full name to split.
NAMES = ("first_name", "name")
TEXT_FIELDS = ("first_name", "last_name", "email", "phone", "job_title", "notes", "external_id")


def _fields(row: Row, result: Result) -> dict:
    """The values the row gives (a blank cell gives none: it changes nothing)."""
    fields = {name: text for name in TEXT_FIELDS if (text := row.text(name))}
    if "first_name" not in fields and (name := row.text("name")):
        first, _, last = name.partition(" ")
        fields["first_name"] = first
        if last and "last_name" not in fields:
            fields["last_name"] = last.strip()
    if "email" in fields:
        fields["email"] = fields["email"].lower()
    if row.has("seniority"):
        fields["seniority"] = parse(row, result, "seniority", values.choice, Seniority.choices)
    if row.has("influence"):
        fields["influence"] = parse(row, result, "influence", values.integer, 1, 5)
    if row.has("consent_marketing"):
        fields["consent_marketing"] = parse(row, result, "consent_marketing", values.boolean)
    return fields


def _existing(rows_fields: list[dict]) -> tuple[dict, dict]:
    """Live contacts with the rows' external ids, and with their e-mails, with their
    organisations: three queries."""
    ext_ids = {f["external_id"] for f in rows_fields if "external_id" in f}
    emails = {f["email"] for f in rows_fields if "email" in f}
    by_ext = {c.external_id: c for c in _live("external_id", ext_ids)}
    by_email = {}
    for contact in _live("lower(email)", emails):
        by_email.setdefault(contact.lower_email, []).append(contact)
    found = [*by_ext.values(), *(c for same in by_email.values() for c in same)]
    organisations = Organisation.objects.in_bulk(
        {c.organisation_id for c in found if c.organisation_id}
    )
    for contact in found:
        if contact.organisation_id:
            contact.organisation = organisations[contact.organisation_id]
    return by_ext, by_email


# How a key is looked up in each column's index (external ids' is on live contacts only).
_LOOKUP = {
    "external_id": "external_id = k.key AND deleted_at IS NULL",
    "lower(email)": "lower(email) = k.key",
}


def _live(column: str, keys: set) -> list[Contact]:
    """Live contacts whose `column` ("external_id" or "lower(email)") is one of `keys`, by id.

    On PostgreSQL each key is looked up on its own in the column's index. A plain "IN (…)" of
    a thousand keys is planned from the table's statistics, which a big import makes stale as
    it goes: PostgreSQL then scans the whole table for each chunk, and the import slows down
    as it grows."""
    if not keys:
        return []
    if connection.vendor != "postgresql":
        lookup = "lower_email__in" if column == "lower(email)" else "external_id__in"
        return list(
            Contact.objects.live()
            .annotate(lower_email=Lower("email"))
            .filter(**{lookup: keys})
            .order_by("id")
        )
    table = connection.ops.quote_name(Contact._meta.db_table)
    return list(
        Contact.objects.raw(
            "SELECT c.*, lower(c.email) AS lower_email "  # noqa: S608
            "FROM unnest(%s::text[]) AS k (key) CROSS JOIN LATERAL "
            f"(SELECT * FROM {table} WHERE {_LOOKUP[column]} OFFSET 0) AS c "
            "WHERE c.deleted_at IS NULL ORDER BY c.id",
            [sorted(keys)],
        )
    )


def _match(fields: dict, by_ext: dict, by_email: dict, result: Result) -> Contact | None:
    contact = by_ext.get(fields.get("external_id"))
    if contact is not None or "email" not in fields:
        return contact
    found = by_email.get(fields["email"], [])
    if len(found) > 1:
        result.fail("email", "Several contacts have this e-mail: add an External ID column.")
        return None
    if found and fields.get("external_id") and found[0].external_id:
        result.fail("external_id", "This e-mail belongs to a contact with another external ID.")
        return None
    return found[0] if found else None


def _organisation(run: Run, row: Row, result: Result):
    name = row.text("organisation")
    organisation = organisation_named(run, name)
    if organisation is None and run.create_missing_organisations and not result.errors:
        organisation = services.organisation_create(name=name[:255])
        run.organisations[("name", name.lower())] = organisation
        run.side_created.append(organisation)
    if organisation is None and not result.errors:
        result.fail(
            "organisation",
            f"No organisation is named “{name[:80]}”: add it first, or tick "
            "“create missing organisations”.",
        )
    return organisation


def import_chunk(run: Run, rows: list[Row]) -> list[Result]:
    results = [Result(row=row) for row in rows]
    parsed = [_fields(r.row, r) for r in results]
    find_organisations(run, [r for r in rows if r.has("organisation")])
    by_ext, by_email = _existing(parsed)
    now = timezone.now()
    to_create, to_update = [], []
    for result, fields in zip(results, parsed, strict=True):
        row = result.row
        result.label = " ".join(
            filter(None, [fields.get("first_name"), fields.get("last_name")])
        ) or fields.get("email", "")
        for key in ("external_id", "email"):
            earlier = key in fields and run.duplicate((key, fields[key]), row.number)
            if earlier:
                result.fail(key, f"Same {key.replace('_', ' ')} as row {earlier}.")
        contact = _match(fields, by_ext, by_email, result)
        if row.has("organisation"):
            fields["organisation"] = _organisation(run, row, result)
        if result.errors:
            continue
        if contact is None and not fields.get("first_name"):
            result.fail("first_name", "A first name (or a full name) is needed.")
            continue
        if not run.may_write_at(contact.organisation if contact else None) or not run.may_write_at(
            fields.get("organisation")
        ):
            result.fail("organisation", FENCED)
            continue
        _plan(result, contact, fields, now, to_create, to_update)
    contacts_write(to_create=to_create, to_update=to_update)
    return results


def _plan(result, contact, fields, now, to_create, to_update) -> None:
    """Set the row's values on its contact (a new one when none matched) and sort it into the
    creates and updates, or mark it unchanged or in error."""
    creating = contact is None
    if creating:
        contact = Contact(created_at=now, updated_at=now)
    before = {}
    for name, value in fields.items():
        attname = "organisation_id" if name == "organisation" else name
        new = value.pk if name == "organisation" else value
        if getattr(contact, attname) != new:
            before[attname] = getattr(contact, attname)
            setattr(contact, attname, new)
    if "consent_marketing" in before:
        before["consent_recorded_at"] = contact.consent_recorded_at
        contact.consent_recorded_at = now
    if not creating and not before:
        result.outcome, result.written = UNCHANGED, contact
        return
    names = {"first_name", *fields} if creating else set(before)
    for problem_field, messages in contact_clean(
        contact, names - {"organisation", "organisation_id"}
    ).items():
        result.fail(problem_field, " ".join(messages))
    if result.outcome == ERROR:
        return
    result.written = contact
    if creating:
        result.outcome = CREATED
        to_create.append(contact)
    else:
        result.outcome, result.before = UPDATED, before
        contact.version += 1
        contact.updated_at = now
        contact.moving = "organisation_id" in before
        to_update.append(contact)
