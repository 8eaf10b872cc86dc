"""Case stories in Dela's search (the search app's registry)."""

from django.utils.translation import gettext_lazy as _

from search.pages import (
    CLASSIFIED_PREFETCH,
    classified_document,
    plain_text,
    restricted_pages_watch,
)
from search.registry import SearchableType, register

from .models import CaseStoryPage


class StorySearch(SearchableType):
    name = "story"
    label = _("Case story")
    model = CaseStoryPage
    # A view restriction (members only, private) takes a story out of the index.
    watch = (restricted_pages_watch(CaseStoryPage),)

    def get_queryset(self):
        return (
            CaseStoryPage.objects.live()
            .select_related("sector")
            .prefetch_related(*CLASSIFIED_PREFETCH)
        )

    def to_document(self, page):
        text = " ".join(
            [
                plain_text(page.body),
                plain_text(page.results),
                plain_text(page.lessons_learned),
            ]
        )
        return classified_document(page, self.name, text)


register(StorySearch())
