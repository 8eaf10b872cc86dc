"""The search document of every classified page (case stories, catalogue entries,
videos, learning paths).

Taxonomy owns the schema of a classified page, so it owns what search is told about
one: its facets, their display names, what it is classified as in every language,
its boosts and its text. The search app only stores and ranks documents; each app
registers a ``ClassifiedSearch`` for its page model and adds what only it knows
(a video's caption cues, an editor's pick). This module registers no type itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from search.pages import restricted_pages_watch, searchable_text
from search.registry import PUBLIC, SearchableType, SearchDocument, registry

# The relations a classified page's document reads, fetched for a whole batch.
CLASSIFIED_PREFETCH = (
    "municipalities__region",
    "municipalities__country",
    "tags",
    "competences__area",
    "target_groups",
)


class ClassifiedSearch(SearchableType):
    """A classified page model in search. The type's name and label are the model's
    own (``catalogue_type``, ``catalogue_type_label``): one vocabulary for the
    catalogue and search. Subclasses set ``model`` and may add ``select``,
    ``prefetch``, ``extra_watch``, ``extra_text()``, ``boost()`` and ``finish()``."""

    select: tuple = ()
    prefetch: tuple = ()
    extra_watch: tuple = ()

    @property
    def name(self):
        return self.model.catalogue_type

    @property
    def label(self):
        return self.model.catalogue_type_label

    @property
    def watch(self):
        # A view restriction (members only, private) takes a page out of the index.
        return (*self.extra_watch, restricted_pages_watch(self.model))

    def get_queryset(self):
        return (
            self.model.objects.live()
            .select_related("sector", *self.select)
            .prefetch_related(*CLASSIFIED_PREFETCH, *self.prefetch)
            .annotate(**view_restriction_annotations())
        )

    def extra_text(self, page):
        """Text the model's ``search_fields`` do not hold."""
        return ""

    def boost(self, page):
        return 1.0

    def finish(self, page, document):
        """Add what only this type knows to the ``document`` of ``page``."""

    def to_document(self, page):
        text = " ".join(
            part for part in (searchable_text(page), self.extra_text(page)) if part
        )
        document = classified_document(page, self.name, text, boost=self.boost(page))
        if document is not None:
            self.finish(page, document)
        return document


def classification(type_name, terms, language, regions):
    """[(language, name)] of what a page is classified as: each taxonomy term
    (TranslatedName) in every language the taxonomy names it, its regions (one name
    each, taken to be in the page's ``language``), and its content type's label in
    each interface language."""
    names = [pair for term in terms for pair in term.names()]
    names += [(language, region.name) for region in regions]
    searchable = registry.get(type_name)
    for interface_language, _name in settings.LANGUAGES:
        with translation.override(interface_language):
            names.append((interface_language, str(searchable.label or type_name)))
    return list(dict.fromkeys(names))


def view_restriction_annotations():
    """Whether a view restriction covers each page of a batch, read with the batch:
    Wagtail's ``get_view_restrictions`` asks one or two queries a page (a sixth of a
    full-scale index build). A restriction covers a page when it is on the page or
    an ancestor, whose treebeard path starts the page's. Wagtail also follows
    aliases to their source pages; while any alias exists (``any_alias``), each page
    is asked through Wagtail instead."""
    return {
        "restricted_here": Exists(
            PageViewRestriction.objects.filter(
                page__path=Substr(OuterRef("path"), 1, Length("page__path"))
            )
        ),
        "any_alias": Exists(Page.objects.filter(alias_of__isnull=False)),
    }


def view_restricted(page):
    """Whether a view restriction keeps ``page`` out of search (the annotations
    above when the page has them, else Wagtail's own check)."""
    known = getattr(page, "restricted_here", None)
    if known is None or getattr(page, "any_alias", True):
        return page.get_view_restrictions().exists()
    return known


def classified_document(page, type_name, text, boost=1.0):
    """The SearchDocument of a classified page: facets from its taxonomy, boosts for
    featured and verified pages. None when the page must not be found: a draft,
    retired, or behind a view restriction."""
    if not page.live or page.retired:
        return None
    if view_restricted(page):
        return None
    # Sorted here: prefetched relations come in no particular order.
    municipalities = sorted(page.municipalities.all(), key=lambda m: m.name)
    tags = sorted(page.tags.all(), key=lambda t: t.name)
    competences = sorted(page.competences.all(), key=lambda c: c.code)
    target_groups = sorted(page.target_groups.all(), key=lambda t: t.slug)
    facets = {
        "municipality": [m.slug for m in municipalities],
        "region": sorted({m.region.slug for m in municipalities if m.region_id}),
        "country": sorted({m.country.code for m in municipalities if m.country_id}),
        "tag": [t.slug for t in tags],
        "competence": [c.code for c in competences],
        "target_group": [t.slug for t in target_groups],
    }
    labels = {
        "region": {m.region.slug: m.region.name for m in municipalities if m.region_id},
        "country": {
            m.country.code: str(m.country) for m in municipalities if m.country_id
        },
        "competence": {c.code: f"{c.code} {c.name}" for c in competences},
        "target_group": {t.slug: t.name for t in target_groups},
    }
    if page.sector_id:
        facets["sector"] = [page.sector.slug]
        labels["sector"] = {page.sector.slug: page.sector.name}
    if page.year:
        facets["year"] = [str(page.year)]
    terms = [*competences, *{c.area for c in competences}, *target_groups]
    terms += {m.country for m in municipalities if m.country_id}
    if page.sector_id:
        terms.append(page.sector)
    regions = sorted({m.region for m in municipalities if m.region_id}, key=str)
    named = classification(type_name, terms, page.language, regions)
    if page.featured:
        boost *= 1.5
    if page.verified:
        boost *= 1.3
    return SearchDocument(
        type=type_name,
        key=str(page.pk),
        title=page.title,
        url=page.get_url() or page.url_path,
        language=page.language,
        text=text,
        summary=page.summary,
        tags=[t.name for t in tags],
        municipalities=[m.name for m in municipalities],
        facets={name: values for name, values in facets.items() if values},
        facet_labels=labels,
        classification=named,
        audience=[PUBLIC],
        boost=boost,
        date=page.first_published_at or page.last_published_at,
    )
