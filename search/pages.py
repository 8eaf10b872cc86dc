"""Helpers for apps registering Wagtail pages: plain text of StreamFields and rich
text, and the document of a taxonomy-classified page. Duck-typed: search/ imports no
app; the apps pass their pages in."""

from __future__ import annotations

import re

from django.utils.html import strip_tags

from .registry import PUBLIC, SearchDocument

_SKIP_KEYS = {"id", "type", "image", "page", "document", "video", "url", "link"}
_NOT_TEXT = re.compile(r"^(https?://|/|[0-9a-f-]{20,}$|\d+$)")


def plain_text(value):
    """Text of a StreamField value, rich text or string, without markup."""
    parts = []
    _collect(getattr(value, "raw_data", value), parts)
    text = " ".join(parts)
    return " ".join(strip_tags(text).split())


def _collect(value, parts):
    if value is None:
        return
    if isinstance(value, str):
        if value.strip() and not _NOT_TEXT.match(value.strip()):
            parts.append(strip_tags(value.replace("<", " <")))
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIP_KEYS or key == "value":
                _collect(item, parts)
        return
    if isinstance(value, list | tuple):
        for item in value:
            _collect(item, parts)
        return
    if hasattr(value, "raw_data"):
        _collect(value.raw_data, parts)
    elif hasattr(value, "source"):  # RichText
        _collect(value.source, parts)


def restricted_pages_watch(model):
    """A ``watch`` entry re-indexing the pages of ``model`` under a view restriction
    that is added, changed or removed (a members-only page leaves the index)."""
    from wagtail.models import PageViewRestriction

    def pages(restriction):
        page = restriction.page
        return model.objects.descendant_of(page, inclusive=True)

    return (PageViewRestriction, pages)


CLASSIFIED_PREFETCH = (
    "municipalities__region",
    "municipalities__country",
    "tags",
    "competences__area",
    "target_groups",
)


def classification(type_name, terms, language, regions):
    """[(language, name)] of what a page is classified as: each taxonomy term
    (TranslatedName) in every language the taxonomy names it, its regions (one name
    each, taken to be in the page's ``language``), and its content type's label in
    each interface language."""
    from django.conf import settings
    from django.utils import translation

    from .registry import registry

    names = [pair for term in terms for pair in term.names()]
    names += [(language, region.name) for region in regions]
    searchable = registry.get(type_name)
    for interface_language, _name in settings.LANGUAGES:
        with translation.override(interface_language):
            names.append((interface_language, str(searchable.label or type_name)))
    return list(dict.fromkeys(names))


def classified_document(page, type_name, text, boost=1.0):
    """The SearchDocument of a ClassifiedPage (stories, catalogue entries, videos):
    facets from its taxonomy, boosts for featured and verified pages. None when the
    page must not be found: a draft, retired, or behind a view restriction."""
    if not page.live or getattr(page, "retired", False):
        return None
    if page.get_view_restrictions().exists():
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
    if getattr(page, "featured", False):
        boost *= 1.5
    if getattr(page, "verified", False):
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
