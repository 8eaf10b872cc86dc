from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "dela_search"
    verbose_name = _("Search")

    def ready(self):
        from . import analysis, signals, synonyms
        from .registry import autodiscover

        autodiscover()
        signals.connect()
        analysis.set_extra_synonyms(synonyms.version, synonyms.groups)
