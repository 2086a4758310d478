"""Suggested contacts: outside addresses seen in captured mail that are nobody's contact yet,
most frequent first, each with a guess at its organisation (by the domain of its website, else
of its contacts' e-mails) and at the person's name (from the address)."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from capture.models import CapturedItem, UnknownAddress
from stakeholders.models import Contact, Organisation


@dataclass
class Suggestion:
    address: str
    domain: str
    messages: int
    last_seen: object
    organisation: Organisation | None
    first_name: str
    last_name: str


def suggested_addresses(user):
    """Unknown addresses of the items `user` may see, with how many items held each."""
    return (
        UnknownAddress.objects.filter(item__in=CapturedItem.objects.visible_to(user).values("pk"))
        .values("address", "domain")
        .annotate(messages=Count("item", distinct=True), last_seen=Max("item__occurred_at"))
        .order_by("-messages", "address")
    )


def suggestions(rows: list[dict]) -> list[Suggestion]:
    """The page's rows, with their guesses: at most two more queries, whatever the rows."""
    found = organisations_by_domain({row["domain"] for row in rows})
    return [
        Suggestion(
            address=row["address"],
            domain=row["domain"],
            messages=row["messages"],
            last_seen=row["last_seen"],
            organisation=found.get(row["domain"]),
            **dict(zip(("first_name", "last_name"), name_from(row["address"]), strict=True)),
        )
        for row in rows
    ]


def name_from(address: str) -> tuple[str, str]:
    """ "anna.lind@x" → ("Anna", "Lind"); "anna@x" → ("Anna", "")."""
    local = address.partition("@")[0]
    parts = [p for p in local.replace("_", ".").replace("-", ".").split(".") if p.isalpha()]
    if not parts:
        return "", ""
    return parts[0].capitalize(), " ".join(p.capitalize() for p in parts[1:])


def organisations_by_domain(domains: set[str]) -> dict[str, Organisation]:
    if not domains:
        return {}
    found: dict[str, Organisation] = {}
    by_website = Q()
    for domain in domains:
        by_website |= Q(website__iendswith=f"//{domain}") | Q(website__iendswith=f".{domain}")
        by_website |= Q(website__icontains=f"//{domain}/") | Q(website__icontains=f".{domain}/")
    for organisation in Organisation.objects.filter(by_website).order_by("pk"):
        host = organisation.website.split("//", 1)[-1].split("/", 1)[0].lower()
        for domain in domains:
            if host == domain or host.endswith(f".{domain}"):
                found.setdefault(domain, organisation)
    rest = domains - set(found)
    if rest:
        by_email = Q()
        for domain in rest:
            by_email |= Q(email__iendswith=f"@{domain}")
        votes: dict[str, Counter] = defaultdict(Counter)
        contacts = Contact.objects.filter(
            by_email, deleted_at__isnull=True, organisation__isnull=False
        )
        for email, organisation_id in contacts.values_list("email", "organisation_id")[:1000]:
            votes[email.rpartition("@")[2].lower()][organisation_id] += 1
        chosen = {d: v.most_common(1)[0][0] for d, v in votes.items()}
        organisations = Organisation.objects.in_bulk(set(chosen.values()))
        found.update({d: organisations[o] for d, o in chosen.items() if o in organisations})
    return found
