"""Catalogue test data, built through Wagtail's page tree as editors build it."""

import itertools

from catalogue.models import (
    CatalogueCollectionPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
)
from home.models import HomePage
from taxonomy.models import Competence, Sector, TargetGroup

_numbers = itertools.count(1)


def make_index(title="Inspirationskatalogen", slug="catalogue", **fields):
    home = HomePage.objects.first()
    index = CatalogueIndexPage(title=title, slug=slug, **fields)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_entry(
    parent,
    title=None,
    *,
    summary="En kort sammanfattning av ett gott exempel.",
    language="sv",
    municipalities=(),
    tags=(),
    competences=(),
    target_groups=(),
    sector=None,
    live=True,
    page_class=CatalogueEntryPage,
    **fields,
):
    """An entry (or another classified page type) under `parent`, published unless
    live=False. competences/target_groups/sector take codes/slugs."""
    number = next(_numbers)
    page = page_class(
        title=title or f"Exempel {number}",
        slug=f"exempel-{number}",
        summary=summary,
        language=language,
        live=False,
        **fields,
    )
    page.municipalities = list(municipalities)
    page.competences = list(Competence.objects.filter(code__in=competences))
    page.target_groups = list(TargetGroup.objects.filter(slug__in=target_groups))
    if sector:
        page.sector = Sector.objects.get(slug=sector)
    page.tags.set(list(tags))
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def make_collection(
    index,
    title="Välfärdsteknik",
    *,
    items=(),
    rule_tags=(),
    rule_competences=(),
    intro="Goda exempel på välfärdsteknik.",
):
    collection = CatalogueCollectionPage(title=title, intro=intro)
    for position, item in enumerate(items):
        collection.items.add(collection.items.model(page=item, sort_order=position))
    collection.rule_tags.set(list(rule_tags))
    collection.rule_competences = list(
        Competence.objects.filter(code__in=rule_competences)
    )
    index.add_child(instance=collection)
    collection.save_revision().publish()
    return collection
