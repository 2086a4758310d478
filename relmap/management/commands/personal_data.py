import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from relmap.trust.personal_data import contact_export
from stakeholders import services
from stakeholders.models import Contact


class Command(BaseCommand):
    help = "Export (as JSON) or erase the personal data Relmap holds about one contact."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("contact_id", type=int)
        parser.add_argument("--yes", action="store_true", help="Confirm an erasure.")

    def handle(self, *args, action, contact_id, yes, **options):
        contact = Contact.objects.filter(pk=contact_id).first()
        if contact is None:
            raise CommandError(f"No contact with id {contact_id}.")
        if action == "export":
            data = contact_export(contact=contact)
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, indent=2))
            return
        if not yes:
            raise CommandError("Erasure cannot be undone: add --yes to confirm.")
        services.contact_erase(contact=contact)
        self.stdout.write(f"Erased the personal data of contact {contact_id}.")
