"""Relationships from a spreadsheet: one of our people (username or e-mail) and one of their
contacts (external id or e-mail), matched on that pair."""

from exchange import values
from exchange.columns import Column
from exchange.kinds.base import (
    FENCED,
    Result,
    Row,
    Run,
    create,
    find_contacts,
    find_users,
    parse,
    update,
    user_cell,
)
from stakeholders import services
from stakeholders.models import Relationship, Tier

COLUMNS = (
    Column(
        "staff",
        "Our person",
        ("staff", "our contact", "employee", "user", "username", "relationship holder", "who"),
        required=True,
        help="A username or e-mail of one of our people.",
    ),
    Column(
        "contact",
        "Contact",
        ("contact email", "contact e-mail", "contact id", "their contact", "person", "email"),
        required=True,
        help="The contact's e-mail or external ID.",
    ),
    Column("tier", "Tier", ("level",)),
    Column("purpose", "Purpose", ("why", "reason")),
    Column("status", "Status", ("state",)),
    Column("owner", "Owner", ("accountable", "owned by")),
)


def import_chunk(run: Run, rows: list[Row]) -> list[Result]:
    users = find_users(rows, ("staff", "owner"))
    contacts = find_contacts(run, rows, ("contact",))
    pairs = {
        (r.staff_id, r.contact_id): r
        for r in Relationship.objects.filter(
            staff__in=set(users.values()), contact__in=set(contacts.values())
        )
    }
    results = []
    for row in rows:
        result = Result(row=row, label=f"{row.text('staff')} ↔ {row.text('contact')}")
        results.append(result)
        staff = user_cell(row, result, "staff", users)
        contact = contacts.get(row.text("contact").lower())
        if contact is None:
            result.fail("contact", "No contact you may see has this e-mail or external ID.")
        fields = {"owner": user_cell(row, result, "owner", users)} if row.has("owner") else {}
        for name, choices in (("tier", Tier.choices), ("status", Relationship.Status.choices)):
            if row.has(name):
                fields[name] = parse(row, result, name, values.choice, choices)
        if row.has("purpose"):
            fields["purpose"] = row.text("purpose")[:255]
        if result.errors:
            continue
        earlier = run.duplicate(("relationship", staff.pk, contact.pk), row.number)
        if earlier:
            result.fail("contact", f"Same person and contact as row {earlier}.")
        elif not run.may_write_at(contact.organisation):
            result.fail("contact", FENCED)
        elif (relationship := pairs.get((staff.pk, contact.pk))) is None:
            create(
                result,
                lambda s=staff, c=contact, f=fields: services.relationship_create(
                    staff=s, contact=c, **f
                ),
            )
        else:
            update(
                result,
                relationship,
                fields,
                lambda changed, r=relationship: services.relationship_update(
                    relationship=r, **changed
                ),
            )
    return results
