from django.apps import AppConfig


class DelaConfig(AppConfig):
    """The project's own ground floor: what every app relies on at the database."""

    name = "dela"
    verbose_name = "Dela"

    def ready(self):
        from . import lookups, page_cache
        from .workflow_names import translate_workflow_names

        lookups.register()
        # What public pages show changing forgets the kept pages (and home's blocks).
        page_cache.connect()
        # Wagtail's workflow and task names in the admin's and e-mails' language.
        translate_workflow_names()
