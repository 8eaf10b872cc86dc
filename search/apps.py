from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "dela_search"
    verbose_name = _("Search")

    def ready(self):
        from .registry import autodiscover

        autodiscover()
