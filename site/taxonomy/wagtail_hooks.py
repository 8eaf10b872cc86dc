"""The taxonomy as Wagtail snippets, grouped under one "Taxonomy" menu for editors."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
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
