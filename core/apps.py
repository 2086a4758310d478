from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Installed for its template tags and static files; it has no models."""

    name = "core"
    verbose_name = "Core"
