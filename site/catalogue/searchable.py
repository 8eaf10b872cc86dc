"""Practice entries of the inspiration catalogue in Dela's search."""

from django.db.models import Exists, OuterRef

from search.registry import register
from taxonomy.searchable import ClassifiedSearch

from .models import CatalogueEntryPage, EditorsPick


def _entries_of_pick(pick):
    return CatalogueEntryPage.objects.filter(pk=pick.page_id)


class CatalogueSearch(ClassifiedSearch):
    model = CatalogueEntryPage
    # "catalogue", search's old name for the entry type, is still accepted.
    aliases = ("catalogue",)
    # An entry becoming (or ceasing to be) an editor's pick changes its ranking.
    extra_watch = ((EditorsPick, _entries_of_pick),)

    def get_queryset(self):
        # Whether an entry is picked, read with the batch (not a query per entry).
        picked = EditorsPick.objects.filter(page_id=OuterRef("pk"))
        return super().get_queryset().annotate(is_picked=Exists(picked))

    def extra_text(self, page):
        return page.contact_name

    def boost(self, page):
        picked = getattr(page, "is_picked", None)
        if picked is None:
            picked = EditorsPick.objects.filter(page_id=page.pk).exists()
        return 1.5 if picked else 1.0


register(CatalogueSearch())
