"""What the catalogue's lists are made of: the items in the catalogue with what their
cards show, in the catalogue's order (a themed collection's own choice and rule are
the collection model's: models.CatalogueCollectionPage.member_pages).

Cards show base-class fields only (type, title, summary, municipalities, language,
year, marks, tags, picture), so a list needs no `.specific()` and costs the same
number of queries whatever its length: one for the page, one per prefetched
relation. A page without a picture of its own shows its type's fallback (a video's
poster: dela.pictures.PicturedPage.card_picture), prefetched for all cards at once.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, prefetch_related_objects

from dela.pictures import picture_prefetch
from taxonomy.models import ClassifiedPage, Municipality

ORDERING = ("-featured", "-first_published_at", "pk")


def card_relations():
    """What a card shows besides the page's own row, as prefetch lookups."""
    return (
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
        "tags",
        # Each card's picture, its own or its type's fallback (a video's poster).
        picture_prefetch("card_image"),
    )


def with_card_relations(queryset):
    """The queryset with what a card shows prefetched."""
    return queryset.prefetch_related(*card_relations())


def prefetch_cards(*lists):
    """Fetch what the cards of several lists of pages show in one go (one query per
    relation for all of them, not per list); returns the lists."""
    prefetch_related_objects(
        [page for pages in lists for page in pages], *card_relations()
    )
    return lists


def catalogue_items(queryset=None):
    """Published, public, not retired classified pages of every type, featured first,
    newest first."""
    if queryset is None:
        queryset = ClassifiedPage.objects.all()
    return with_card_relations(queryset.in_catalogue()).order_by(*ORDERING)


def type_labels():
    """{content type id: (type key, label)} of every catalogue type."""
    return {
        ContentType.objects.get_for_model(model).pk: (key, label)
        for key, (label, model) in ClassifiedPage.catalogue_types().items()
    }


def type_label(page):
    """The label of a classified page's type ("Practice", "Case story") without
    fetching the specific page."""
    found = type_labels().get(page.content_type_id)
    return found[1] if found else ""
