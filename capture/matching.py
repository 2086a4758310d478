"""Who is who in captured mail: our people by their user e-mail, theirs by contact e-mail, both
compared in lower case with plus-addressing dropped; addresses at our own domains are never
suggested as contacts; each person's private addresses keep their mail out of capture."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from capture.items import normalise
from capture.models import Exclusion
from stakeholders.models import Contact

User = get_user_model()


def domain_of(address: str) -> str:
    return address.rpartition("@")[2]


class Directory:
    """Our people, our domains and everyone's exclusions, read once per capture run; contacts
    read per chunk of items (`load`), each address once."""

    def __init__(self):
        self.users = {}
        for user in (
            # Those who left too: what they did stays theirs.
            User.objects.exclude(email="")
            .select_related("staff_profile")
            .order_by("-is_active", "pk")
        ):
            address = normalise(user.email)
            if address and address not in self.users:
                self.users[address] = user
        self.our_domains = {domain_of(a) for a in self.users} | {
            d.lower() for d in settings.RELMAP_CAPTURE_OUR_DOMAINS
        }
        self.exclusions: dict[int, list[Exclusion]] = defaultdict(list)
        for exclusion in Exclusion.objects.all():
            self.exclusions[exclusion.user_id].append(exclusion)
        self._contacts: dict[str, Contact | None] = {}

    def load(self, addresses: Iterable[str]) -> None:
        """Look up, in one query, the contacts of the addresses not looked up yet."""
        wanted = {a for a in addresses if a not in self._contacts and a not in self.users}
        if not wanted:
            return
        found = (
            Contact.objects.filter(deleted_at__isnull=True)
            .annotate(address=Lower("email"))
            .filter(address__in=wanted)
            .select_related("organisation__root")
            .order_by("pk")
        )
        for contact in found:
            self._contacts.setdefault(contact.address, contact)
        for address in wanted:
            self._contacts.setdefault(address, None)

    def forget(self, address: str) -> None:
        self._contacts.pop(address, None)

    def ours(self, addresses: Iterable[str]) -> list:
        return list({u.pk: u for a in addresses if (u := self.users.get(a))}.values())

    def theirs(self, addresses: Iterable[str]) -> list[Contact]:
        return list({c.pk: c for a in addresses if (c := self._contacts.get(a))}.values())

    def unknown(self, addresses: Iterable[str]) -> list[str]:
        """Outside addresses that are neither ours nor a contact's."""
        return [
            a
            for a in addresses
            if a not in self.users
            and self._contacts.get(a) is None
            and domain_of(a) not in self.our_domains
        ]

    def private(self, ours: Iterable, addresses: Iterable[str]) -> bool:
        """Whether one of `ours` keeps one of these addresses out of capture."""
        addresses = list(addresses)
        return any(
            exclusion.matches(address)
            for user in ours
            for exclusion in self.exclusions.get(user.pk, ())
            for address in addresses
        )
