from django.apps import AppConfig


class DelaConfig(AppConfig):
    """The project's own ground floor: what every app relies on at the database."""

    name = "dela"
    verbose_name = "Dela"

    def ready(self):
        from . import lookups

        lookups.register()
