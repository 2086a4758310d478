"""Send the one reminder each unanswered survey request gets, RELMAP_SURVEY_REMINDER_DAYS after
it was sent (the worker runs this daily; see relmap/tasks.py)."""

from django.core.management.base import BaseCommand

from stakeholders.services.surveys import assessment_requests_remind


class Command(BaseCommand):
    help = "Remind the contacts who have not answered their survey after a week (once each)."

    def handle(self, *args, **options):
        count = assessment_requests_remind()
        self.stdout.write(f"{count} survey reminder{'s' if count != 1 else ''} queued.")
