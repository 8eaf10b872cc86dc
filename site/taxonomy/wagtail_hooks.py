"""The taxonomy as Wagtail snippets, grouped under one "Taxonomy" menu for editors,
and the catalogue's publication rule on the admin's Publish button."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    ClassifiedPage,
    Competence,
    CompetenceArea,
    Country,
    Municipality,
    Region,
    Sector,
    TargetGroup,
)


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    list_display = ["name", "official_code", "region", "country"]
    list_filter = ["country", "region"]
    search_fields = ["name", "official_code"]
    list_per_page = 50

    def get_queryset(self, request):
        return Municipality.objects.with_place()


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["name", "country", "official_code"]
    list_filter = ["country"]
    search_fields = ["name"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["code", "name"]


class CompetenceAreaViewSet(SnippetViewSet):
    model = CompetenceArea
    icon = "list-ol"
    list_display = ["code", "name"]


class CompetenceViewSet(SnippetViewSet):
    model = Competence
    icon = "list-ul"
    list_display = ["code", "name", "area"]
    list_filter = ["area"]
    search_fields = ["code", "name_sv", "name_nb", "name_da", "name_en"]

    def get_queryset(self, request):
        return Competence.objects.select_related("area")


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "group"
    list_display = ["name", "slug"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "user"
    list_display = ["name", "slug"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (
        MunicipalityViewSet,
        RegionViewSet,
        CountryViewSet,
        CompetenceAreaViewSet,
        CompetenceViewSet,
        SectorViewSet,
        TargetGroupViewSet,
    )


register_snippet(TaxonomyGroup)


@hooks.register("before_publish_page")
def publication_rule_on_publish(request, page):
    """The editor's Publish button: a page that breaks the publication rule stays a
    draft (its revision is saved) and the editor reads what is missing. Approving
    in the review is refused by the review task itself (stories.models)."""
    specific = getattr(page, "specific", page)
    if not isinstance(specific, ClassifiedPage):
        return None
    problem = specific.publication_problem()
    if problem is None:
        return None
    messages.error(
        request,
        _("The page was saved as a draft but not published. %(problem)s")
        % {"problem": problem},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
