from django.apps import AppConfig


class RelmapConfig(AppConfig):
    name = "relmap"
    verbose_name = "Relmap"
