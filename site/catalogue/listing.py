"""What the catalogue's lists are made of: the items in the catalogue with what their
cards show, in the catalogue's order, and the items of a themed collection.

Cards show base-class fields only (type, title, summary, municipalities, language,
year, marks, tags), so a list needs no `.specific()` and costs the same number of
queries whatever its length: one for the page, one per prefetched relation.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Q, Subquery, prefetch_related_objects

from dela.pictures import picture_prefetch
from taxonomy.models import ClassifiedPage, Municipality

ORDERING = ("-featured", "-first_published_at", "pk")


def card_relations():
    """What a card shows besides the page's own row, as prefetch lookups."""
    return (
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
        "tags",
        picture_prefetch(),
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


def type_key(page):
    found = type_labels().get(page.content_type_id)
    return found[0] if found else ""


def collection_items(collection):
    """A themed collection's catalogue items: the chosen ones in the editor's order,
    then those its rule matches (any of its tags, and any of its competences when it
    has both), featured first, newest first."""
    from .models import CollectionItem

    chosen = CollectionItem.objects.filter(collection=collection)
    matches = Q(pk__in=chosen.values("page_id"))
    rule = _rule_q(collection)
    if rule is not None:
        matches |= rule
    position = Subquery(
        chosen.filter(page_id=OuterRef("pk"))
        .order_by("sort_order")
        .values("sort_order")[:1]
    )
    # The position is an ordering expression, not an annotation: facet counts group
    # the queryset by value and an annotation would split their groups.
    return catalogue_items(ClassifiedPage.objects.filter(matches)).order_by(
        position.asc(nulls_last=True), *ORDERING
    )


def _rule_q(collection):
    tag_ids = list(collection.rule_tags.values_list("pk", flat=True))
    competence_ids = [competence.pk for competence in collection.rule_competences.all()]
    if not tag_ids and not competence_ids:
        return None
    rule = Q()
    if tag_ids:
        rule &= Q(
            pk__in=ClassifiedPage.objects.filter(
                tagged_items__tag_id__in=tag_ids
            ).values("pk")
        )
    if competence_ids:
        rule &= Q(
            pk__in=ClassifiedPage.objects.filter(competences__in=competence_ids).values(
                "pk"
            )
        )
    return rule
