"""The admin's Search menu: the editors' synonyms, the query report (with the
queries that found nothing and those whose results nobody followed) and the top
queries per language over time."""

import django_filters
from django import forms
from django.db.models.signals import post_delete, post_save
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from dela.tasks import enqueue_with_change

from . import synonyms
from .models import QueryStat, Synonym
from .report import top_queries_by_language


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms")
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]
    form_fields = ["terms", "note"]


class QueryStatFilterSet(WagtailFilterSet):
    """The report's two lists of what to write next: queries that found nothing,
    and queries that found something nobody followed."""

    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"),
        empty_label=_("All queries"),
        choices=[
            ("nothing", _("Found nothing last time")),
            ("not_followed", _("Found results, none followed")),
        ],
        method="filter_outcome",
    )

    class Meta:
        model = QueryStat
        fields = []

    def filter_outcome(self, queryset, name, value):
        if value == "nothing":
            return queryset.found_nothing().order_by("-no_results", "query")
        if value == "not_followed":
            return queryset.not_followed().order_by("-count", "query")
        return queryset


class QueryReportViewSet(SnippetViewSet):
    """Popular queries, queries without results and queries whose results nobody
    followed (the Outcome filter), each sortable by its columns."""

    model = QueryStat
    icon = "doc-full"
    menu_label = _("Search queries")
    list_display = [
        "query",
        "count",
        "no_results",
        "last_results",
        "clicks",
        "last_searched_at",
    ]
    filterset_class = QueryStatFilterSet
    ordering = ["-count"]
    search_fields = ["query"]
    form_fields = ["query"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return QueryStat.objects.all()


class SearchTrendsForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[
            (4, _("4 weeks")),
            (12, _("12 weeks")),
            (26, _("26 weeks")),
            (52, _("52 weeks")),
        ],
        initial=12,
        required=False,
        empty_value=12,
    )


class SearchTrendsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Top queries per interface language, week by week: a chart and its table."""

    permission_policy = ModelPermissionPolicy(QueryStat)
    permission_required = "view"
    template_name = "search/admin/trends.html"
    page_title = _("Search trends")
    header_icon = "search"
    top = 5

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchTrendsForm(self.request.GET or None)
        weeks = form.cleaned_data["weeks"] if form.is_valid() else 12
        context.update(
            form=form,
            weeks=weeks,
            top=self.top,
            trends=top_queries_by_language(weeks=weeks, top=self.top),
            queries_url=reverse(QueryReportViewSet().get_url_name("list")),
        )
        return context


class ReportMenuItem(MenuItem):
    """Shown to those who may read the query report."""

    def is_shown(self, request):
        return request.user.has_perm("dela_search.view_querystat")


class SearchTrendsViewSet(ViewSet):
    name = "search_trends"
    icon = "search"
    menu_label = _("Search trends")
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", SearchTrendsView.as_view(), name="index")]


class SearchViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Search")
    menu_icon = "search"
    items = (SynonymViewSet, QueryReportViewSet, SearchTrendsViewSet)


register_snippet(SearchViewSetGroup)


def _synonyms_changed(sender, **kwargs):
    from .tasks import rebuild_index_task

    synonyms.changed()
    enqueue_with_change(rebuild_index_task)


post_save.connect(_synonyms_changed, sender=Synonym, dispatch_uid="dela_search_syn_s")
post_delete.connect(_synonyms_changed, sender=Synonym, dispatch_uid="dela_search_syn_d")
