"""Practice entries of the inspiration catalogue in Dela's search."""

from django.utils.translation import gettext_lazy as _

from search.pages import (
    CLASSIFIED_PREFETCH,
    classified_document,
    plain_text,
    restricted_pages_watch,
)
from search.registry import SearchableType, register

from .models import CatalogueEntryPage, EditorsPick


def _entries_of_pick(pick):
    return CatalogueEntryPage.objects.filter(pk=pick.page_id)


class CatalogueSearch(SearchableType):
    # The catalogue's own type name (CatalogueEntryPage.catalogue_type): one vocabulary
    # for the catalogue and search. "catalogue", search's old name, is still accepted.
    name = CatalogueEntryPage.catalogue_type
    aliases = ("catalogue",)
    label = _("Practice")
    model = CatalogueEntryPage
    # An entry becoming (or ceasing to be) an editor's pick changes its ranking.
    watch = (
        (EditorsPick, _entries_of_pick),
        restricted_pages_watch(CatalogueEntryPage),
    )

    def get_queryset(self):
        return (
            CatalogueEntryPage.objects.live()
            .select_related("sector")
            .prefetch_related(*CLASSIFIED_PREFETCH)
        )

    def to_document(self, page):
        text = " ".join(
            [page.who, plain_text(page.how), page.results, page.contact_name]
        )
        picked = EditorsPick.objects.filter(page_id=page.pk).exists()
        return classified_document(page, self.name, text, boost=1.5 if picked else 1.0)


register(CatalogueSearch())
