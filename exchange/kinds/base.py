"""What every kind of import shares: a row's outcome, the run's shared state, and the rules
for finding the organisations, people and contacts a row names."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from exchange import values
from exchange.columns import Column
from exchange.seen import SeenKeys
from stakeholders import access
from stakeholders.models import Contact, Organisation

User = get_user_model()

CREATED, UPDATED, UNCHANGED, ERROR = "created", "updated", "unchanged", "error"
# Organisations found for earlier chunks are kept for the next ones, up to this many keys.
MAX_ORGANISATIONS_KEPT = 20_000
FENCED = "Behind a picket fence: only its account team may write there."

ORGANISATION = Column(
    "organisation",
    "Organisation",
    ("organization", "company", "account", "customer", "organisation id", "company id"),
    required=True,
    help="Its name or external ID.",
)
EXTERNAL_ID = Column(
    "external_id",
    "External ID",
    ("id", "ext id", "external reference", "reference", "ref", "crm id", "record id"),
)


@dataclass
class Row:
    """One data row of the file: its line number and its cells by field name."""

    number: int
    cells: dict

    def has(self, name: str) -> bool:
        return values.text(self.cells.get(name, "")) != ""

    def text(self, name: str) -> str:
        return values.text(self.cells.get(name, ""))


@dataclass
class Result:
    """What happened to one row. `written` is the row the database holds now (to be recorded
    for undo), `before` the values it had before an update."""

    row: Row
    outcome: str = ""
    label: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)
    written: object = None
    before: dict = field(default_factory=dict)

    def fail(self, column: str, message: str) -> "Result":
        self.outcome = ERROR
        self.errors.append((column, message))
        return self


@dataclass
class Run:
    """The state one import shares across its chunks of rows."""

    user: object
    create_missing_organisations: bool = False
    closed_roots: set = field(default_factory=set)
    # Keys already seen in this file (external ids, e-mails, names) and the row that had them.
    seen: SeenKeys = field(default_factory=SeenKeys)
    organisations: dict = field(default_factory=dict)
    # Rows written on the side (organisations created for contacts), to be undone too.
    side_created: list = field(default_factory=list)

    def __post_init__(self):
        self.closed_roots = access.roots_closed_to_writes(self.user)

    def duplicate(self, key: tuple, number: int) -> int | None:
        """The earlier row of this file with the same `key`, or None (and `key` is noted)."""
        return self.seen.first(key, number)

    def may_write_at(self, organisation) -> bool:
        if organisation is None:
            return True
        return (organisation.root_id or organisation.pk) not in self.closed_roots


def parse(row: Row, result: Result, name: str, parser, *args):
    """The cell `name` parsed by `parser`, or None (an error noted) when it cannot be."""
    try:
        return parser(row.cells[name], *args)
    except values.CellError as exc:
        result.fail(name, str(exc))
        return None


def find_organisations(run: Run, rows: list[Row], column: str = "organisation") -> None:
    """Look up, in two queries, every organisation the rows name in `column` (by external id,
    else by name, any case; a top-level one wins over a division of the same name) and keep
    them in `run.organisations` under ("ext", id) and ("name", lower-case name)."""
    raw = {r.text(column) for r in rows if r.has(column)}
    raw = {n for n in raw if ("name", n.lower()) not in run.organisations}
    if not raw:
        return
    if len(run.organisations) > MAX_ORGANISATIONS_KEPT:
        # Those of earlier chunks (any created since among them) are found again when needed.
        run.organisations.clear()
        raw = {r.text(column) for r in rows if r.has(column)}
    for name in raw:
        run.organisations[("ext", name.lower())] = None
        run.organisations[("name", name.lower())] = None
    for organisation in Organisation.objects.filter(external_id__in=raw):
        run.organisations[("ext", organisation.external_id.lower())] = organisation
    by_name = Organisation.objects.annotate(lower_name=Lower("name")).filter(
        lower_name__in={n.lower() for n in raw}
    )
    for organisation in by_name.order_by("id"):
        key = ("name", organisation.lower_name)
        known = run.organisations[key]
        if known is None or (known.parent_id is not None and organisation.parent_id is None):
            run.organisations[key] = organisation


def organisation_named(run: Run, value: str):
    key = value.strip().lower()
    return run.organisations.get(("ext", key)) or run.organisations.get(("name", key))


def find_users(rows: list[Row], columns: tuple[str, ...]) -> dict:
    """Our people the rows name in `columns`, by username or e-mail (lower case), in one query.
    A cell may name several, separated by semicolons or commas."""
    names = {n for r in rows for c in columns for n in split(r.text(c))}
    if not names:
        return {}
    found = {}
    users = User.objects.annotate(lower_username=Lower("username"), lower_email=Lower("email"))
    for user in users.filter(Q(lower_username__in=names) | Q(lower_email__in=names)):
        found.setdefault(user.lower_username, user)
        if user.lower_email:
            found.setdefault(user.lower_email, user)
    return found


def find_contacts(run: Run, rows: list[Row], columns: tuple[str, ...]) -> dict:
    """Contacts the user may see that the rows name in `columns`, by external id or e-mail
    (lower case), in one query."""
    keys = {n for r in rows for c in columns for n in split(r.text(c))}
    if not keys:
        return {}
    found = {}
    contacts = (
        Contact.objects.visible_to(run.user)
        .annotate(lower_email=Lower("email"))
        .select_related("organisation")
    )
    for contact in contacts.filter(Q(external_id__in=keys) | Q(lower_email__in=keys)):
        if contact.external_id:
            found.setdefault(contact.external_id.lower(), contact)
        if contact.lower_email:
            found.setdefault(contact.lower_email, contact)
    return found


def split(cell: str) -> list[str]:
    """The names in a cell that lists several ("a@x.org; b@y.org"), lower case."""
    return [p.strip().lower() for p in cell.replace(",", ";").split(";") if p.strip()]


def name_of_user(user) -> str:
    return user.get_full_name() or user.get_username()


def changes(instance, fields: dict) -> tuple[dict, dict]:
    """The fields whose values differ from `instance`'s, and their values before (by column
    name, as undo puts them back)."""
    changed, before = {}, {}
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        old = getattr(instance, field.attname)
        new = value.pk if field.is_relation and value is not None else value
        if old != new:
            changed[name] = value
            before[field.attname] = old
    return changed, before


def create(result: Result, action) -> None:
    """Mark the row created and write it through `action()` (the service call)."""
    result.outcome = CREATED
    write(result, action)


def update(result: Result, instance, fields: dict, save) -> None:
    """Mark the row updated and write it through `save(changed)` when `fields` change
    `instance`; else unchanged."""
    changed, result.before = changes(instance, fields)
    result.outcome = UPDATED if changed else UNCHANGED
    if changed:
        result.written = instance
        write(result, lambda: save(changed))


def write(result: Result, action) -> None:
    """Run one row's service call in a savepoint: a refusal marks the row, and leaves the rest
    of the import as it was."""
    try:
        with transaction.atomic():
            written = action()
    except ValidationError as exc:
        for name, messages in _messages(exc).items():
            result.fail(name, " ".join(messages))
    except PermissionDenied as exc:
        result.fail("organisation", str(exc) or FENCED)
    else:
        if written is not None:
            result.written = written


def _messages(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {("" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"": exc.messages}


def user_cell(row: Row, result: Result, name: str, users: dict):
    """The one of our people the cell `name` names (None for a blank cell)."""
    if not row.has(name):
        return None
    user = users.get(row.text(name).lower())
    if user is None:
        result.fail(name, f"No user is called “{row.text(name)[:80]}” (a username or e-mail).")
    return user


def organisation_cell(run: Run, row: Row, result: Result, name: str = "organisation"):
    """The organisation the cell names, which the importer must be allowed to write at."""
    if not row.has(name):
        result.fail(name, "An organisation is needed.")
        return None
    organisation = organisation_named(run, row.text(name))
    if organisation is None:
        result.fail(name, f"No organisation is named “{row.text(name)[:80]}”.")
    elif not run.may_write_at(organisation):
        result.fail(name, FENCED)
    return organisation
