"""Learning paths in Dela's search (the search app's registry): a path is found by
its title, summary, introduction and the titles of its steps."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.pages import (
    CLASSIFIED_PREFETCH,
    classified_document,
    restricted_pages_watch,
)
from search.registry import SearchableType, register

from .models import LearningPathPage, LearningPathStep


def _path_of_step(step):
    return LearningPathPage.objects.filter(pk=step.path_id)


class LearningPathSearch(SearchableType):
    name = LearningPathPage.catalogue_type
    label = _("Learning path")
    model = LearningPathPage
    watch = (
        (LearningPathStep, _path_of_step),
        restricted_pages_watch(LearningPathPage),
    )

    def get_queryset(self):
        return (
            LearningPathPage.objects.live()
            .select_related("sector")
            .prefetch_related(*CLASSIFIED_PREFETCH, "steps__page")
        )

    def to_document(self, page):
        text = " ".join(
            [
                strip_tags(page.intro),
                page.duration,
                *(step.page.title for step in page.steps.all()),
                *(step.note for step in page.steps.all()),
            ]
        )
        return classified_document(page, self.name, text)


register(LearningPathSearch())
