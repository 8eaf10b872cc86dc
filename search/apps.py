from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "dela_search"
    verbose_name = _("Search")

    def ready(self):
        from . import analysis, signals, synonyms
        from .fulltext import ensure_fulltext
        from .registry import autodiscover

        # After every migrate, the full-text triggers are there (search/fulltext.py).
        post_migrate.connect(
            ensure_fulltext, sender=self, dispatch_uid="dela-search-fulltext"
        )

        autodiscover()
        signals.connect()
        analysis.set_extra_synonyms(synonyms.version, synonyms.groups)
