"""The admin's Search menu: the editors' synonyms and the query report."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from dela.tasks import enqueue_with_change

from . import synonyms
from .models import QueryStat, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms")
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]
    form_fields = ["terms", "note"]


class QueryReportViewSet(SnippetViewSet):
    """Popular queries and queries without results (order by either column)."""

    model = QueryStat
    icon = "doc-full"
    menu_label = _("Search queries")
    list_display = ["query", "count", "no_results", "last_results", "last_searched_at"]
    list_filter = []
    ordering = ["-count"]
    search_fields = ["query"]
    form_fields = ["query"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return QueryStat.objects.all()


class SearchViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Search")
    menu_icon = "search"
    items = (SynonymViewSet, QueryReportViewSet)


register_snippet(SearchViewSetGroup)


def _synonyms_changed(sender, **kwargs):
    from .tasks import rebuild_index_task

    synonyms.changed()
    enqueue_with_change(rebuild_index_task)


post_save.connect(_synonyms_changed, sender=Synonym, dispatch_uid="dela_search_syn_s")
post_delete.connect(_synonyms_changed, sender=Synonym, dispatch_uid="dela_search_syn_d")
