from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    """DigComp 2.2 as the members' own tool: self-assessment, gaps and what to read
    next, the overview of what Dela holds per competence."""

    name = "competence"
    verbose_name = _("Digital competence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
