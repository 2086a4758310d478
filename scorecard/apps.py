from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Scorecard"

    def ready(self):
        # The built-in metric functions register themselves in scorecard.registry on import.
        from scorecard import metrics  # noqa: F401
