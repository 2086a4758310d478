"""`manage.py createapitoken USERNAME`: issue an API key and print only the key."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from trust.tokens import api_token_create


class Command(BaseCommand):
    help = "Create a REST API token for USERNAME and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label to tell this token apart.")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        _, key = api_token_create(user=user, name=name[:100])
        # Only the key on stdout, so scripts can capture it: KEY=$(manage.py createapitoken me)
        self.stdout.write(key)
