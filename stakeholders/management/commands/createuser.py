from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from stakeholders import services
from stakeholders.models import Role, Unit


class Command(BaseCommand):
    help = "Create a Relmap user with a role (and optionally a unit, password and e-mail)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--unit", help="Name of an existing unit.")
        parser.add_argument("--password", help="Without one the user cannot log in yet.")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, unit, password, email, **options):
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.")
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(name=unit).first()
            if unit_obj is None:
                raise CommandError(f"No unit named {unit!r}. Create it in the admin first.")
        try:
            user = services.staff_create(
                username=username, role=role, unit=unit_obj, password=password, email=email
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"Created {user.username} ({role}).")
