"""Learning paths in Dela's search (the search app's registry): a path is found by
its title, summary, introduction and the titles of its steps."""

from search.registry import register
from taxonomy.searchable import ClassifiedSearch

from .models import LearningPathPage, LearningPathStep


def _path_of_step(step):
    return LearningPathPage.objects.filter(pk=step.path_id)


class LearningPathSearch(ClassifiedSearch):
    model = LearningPathPage
    prefetch = ("steps__page",)
    extra_watch = ((LearningPathStep, _path_of_step),)

    def extra_text(self, page):
        steps = page.steps.all()
        return " ".join(
            [
                page.duration,
                *(step.page.title for step in steps),
                *(step.note for step in steps),
            ]
        )


register(LearningPathSearch())
