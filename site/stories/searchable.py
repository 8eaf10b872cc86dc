"""Case stories in Dela's search (the search app's registry)."""

from search.registry import register
from taxonomy.searchable import ClassifiedSearch

from .models import CaseStoryPage


class StorySearch(ClassifiedSearch):
    model = CaseStoryPage


register(StorySearch())
