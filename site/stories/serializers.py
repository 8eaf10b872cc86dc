"""How a story's taxonomy appears in Wagtail's API v2 (/api/v2/pages/?type=
stories.CaseStoryPage&fields=...): readable names and the same slugs and codes the
facet query parameters use, never bare database ids."""

from rest_framework.fields import Field


class MunicipalitiesField(Field):
    """`[{"name": "Halmstad", "slug": "halmstad", "country": "SE"}, ...]`"""

    def to_representation(self, value):
        return [
            {
                "name": municipality.name,
                "slug": municipality.slug,
                "country": municipality.country.code,
            }
            for municipality in value.select_related("country").order_by("name")
        ]


class NamedSlugField(Field):
    """A sector: `{"slug": "elderly-care", "name": "Äldreomsorg"}`."""

    def to_representation(self, value):
        return {"slug": value.slug, "name": value.name}


class NamedSlugsField(Field):
    """Target groups: a list of `{"slug", "name"}`."""

    def to_representation(self, value):
        return [{"slug": item.slug, "name": item.name} for item in value.all()]


class CodesField(Field):
    """DigComp competences by code: `["2.4", "5.4"]`."""

    def to_representation(self, value):
        return [item.code for item in value.order_by("code")]
