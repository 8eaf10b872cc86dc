from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self):
        from search.facets import register_value_labels

        from . import signals  # noqa: F401  (the review e-mails to authors)
        from .facets import chosen_value_labels

        # A chosen facet value that matches nothing keeps its label on /search/ too.
        register_value_labels(chosen_value_labels)
