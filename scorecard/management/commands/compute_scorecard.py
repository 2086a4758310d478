"""Recompute the scorecard's stored observations and alerts."""

from django.core.management.base import BaseCommand, CommandError

from scorecard import periods
from scorecard.services import scorecard_compute


class Command(BaseCommand):
    help = (
        "Compute observations for every measure × scope × month in a period, roll them up "
        "into quarters and years, and detect alerts. Default: the current and previous month."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            action="append",
            help="YYYY-MM, YYYY-Qn or YYYY; may be given more than once.",
        )

    def handle(self, *args, **options):
        try:
            chosen = [periods.parse(code) for code in options["period"] or []]
        except periods.BadPeriod as error:
            raise CommandError(str(error)) from None
        if not chosen:
            this_month = periods.current_month()
            chosen = [this_month.previous(), this_month]
        summary = scorecard_compute(periods=chosen)
        self.stdout.write(
            f"Computed {summary.months} month(s), rolled up {summary.rolled_up} quarter(s) and "
            f"year(s): {summary.observations} observations stored, {summary.alerts} alert(s)."
        )
