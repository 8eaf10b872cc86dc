"""Facets over classified pages: /catalogue/, /stories/, /videos/, a collection, the
catalogue's exports and feeds.

The facet parameters themselves (names, labels, the grammar of their values, parsing,
the rows a facet list shows) belong to ``search.facets``, shared with the search API
and the ambassador directory. This module only says where each facet's values live on
``ClassifiedPage`` and counts them with the ORM.

Counts are disjunctive: each facet counts what the other facets' choices leave, so a
visitor sees how many results picking one more value gives. One query per facet.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, IntegerField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import get_language

from search import facets as contract
from search.facets import (  # noqa: F401  (the listings' names for them)
    MAX_VALUES_PER_FACET,
    FacetError,
    FacetValue,
    FacetValues,
    facet_rows,
    parse_facets,
)

from .models import INTERFACE_LANGUAGES, ClassifiedPage


@dataclass(frozen=True)
class PageFacet:
    """Where the values of one facet parameter (search.facets) live on
    ClassifiedPage: the ORM path of its value and of its display name (a field, or
    the prefix of the translated name_<language> fields)."""

    name: str
    lookup: str
    label_fields: tuple = ()
    translated_prefix: str = ""

    @property
    def contract(self):
        return contract.FACETS_BY_NAME[self.name]

    @property
    def label(self):
        return self.contract.label


FACETS = [
    PageFacet("type", "content_type"),
    PageFacet("tag", "tags__slug", label_fields=("tags__name",)),
    PageFacet(
        "country",
        "municipalities__country__code",
        translated_prefix="municipalities__country",
    ),
    PageFacet(
        "region",
        "municipalities__region__slug",
        label_fields=("municipalities__region__name",),
    ),
    PageFacet(
        "municipality", "municipalities__slug", label_fields=("municipalities__name",)
    ),
    PageFacet("sector", "sector__slug", translated_prefix="sector"),
    PageFacet("target_group", "target_groups__slug", translated_prefix="target_groups"),
    PageFacet("competence", "competences__code", translated_prefix="competences"),
    PageFacet("language", "language"),
    PageFacet("year", "year"),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
assert tuple(FACETS_BY_NAME) == contract.FACET_NAMES


def _content_types(type_names):
    """The content types of the catalogue page types named (other types of the
    vocabulary, such as ``event``, have no classified pages: they choose none)."""
    from django.contrib.contenttypes.models import ContentType

    types = ClassifiedPage.catalogue_types()
    models = [types[name][1] for name in type_names if name in types]
    if not models:
        return []
    return list(ContentType.objects.get_for_models(*models).values())


class FacetSelection(contract.FacetSelection):
    """The chosen facet values (search.facets), applied to classified pages."""

    def apply(self, queryset, exclude=None):
        """The queryset narrowed to the chosen values (all facets but `exclude`)."""
        for name, values in self.chosen.items():
            if name == exclude:
                continue
            facet = FACETS_BY_NAME[name]
            if name == "type":
                queryset = queryset.filter(content_type__in=_content_types(values))
            elif "__" in facet.lookup:
                # Values reached through a many-to-many relation filter through a
                # subquery, not a join: a join repeats pages (and needed DISTINCT,
                # which PostgreSQL refuses with expression orderings), and facet
                # counts would reuse it and count only the chosen values' rows.
                matching = ClassifiedPage.objects.filter(
                    **{f"{facet.lookup}__in": values}
                ).values("pk")
                queryset = queryset.filter(pk__in=matching)
            else:
                queryset = queryset.filter(**{f"{facet.lookup}__in": values})
        return queryset


def facet_counts(queryset, selection, facets=FACETS):
    """{facet name: FacetValues} for the queryset, most frequent first.

    Each facet is one aggregate, and all of them go to the database as one query
    (UNION ALL): the page's query count does not grow with the facets. Selected
    values are always listed (with 0 when nothing matches) so a visitor can deselect
    them, under their labels (one more query for a facet that has such values).
    """
    parts = [
        _counted_values(selection.apply(queryset, exclude=facet.name), facet, number)
        for number, facet in enumerate(facets)
    ]
    counted = {facet.name: [] for facet in facets}
    if parts:
        union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for number, value, label, count in union:
            facet = facets[number]
            counted[facet.name].append((value, label, count))
    types = _type_keys()
    results = {}
    for facet in facets:
        rows = counted[facet.name]
        if facet.name == "type":
            rows = [(types[int(v)], "", n) for v, _label, n in rows if int(v) in types]
        rows.sort(key=lambda row: (-row[2], _natural(row[0])))
        results[facet.name] = facet_rows(facet.contract, rows, selection)
    return results


def _natural(value):
    return (0, int(value), "") if str(value).isdigit() else (1, 0, str(value))


def _translated_name(prefix):
    """The name_<reader's language> field under `prefix` ("" for the model itself),
    falling back to Swedish."""
    language = (get_language() or "sv").split("-")[0]
    if language not in INTERFACE_LANGUAGES:
        language = "en"
    return Coalesce(
        NullIf(F(f"{prefix}name_{language}"), Value("")),
        F(f"{prefix}name_sv"),
        output_field=CharField(),
    )


def _label_expression(facet):
    if facet.translated_prefix:
        return _translated_name(f"{facet.translated_prefix}__")
    if facet.label_fields:
        return Cast(F(facet.label_fields[0]), CharField())
    return Value("", output_field=CharField())


def chosen_value_labels(facet_name, values):
    """{value: label} of chosen values the counts did not give (nothing matches them
    with the other choices), read from the taxonomy's own table in one query, so
    their rows show "Library", not "library", on the listings and on /search/
    (registered with search.facets.register_value_labels). {} for facets whose
    values are their own labels or are named by search.facets (type, language,
    year)."""
    facet = FACETS_BY_NAME.get(facet_name)
    if facet is None:
        return {}
    *path, field_name = facet.lookup.split("__")
    if not path or not values:
        return {}
    model = ClassifiedPage
    for part in path:
        model = model._meta.get_field(part).related_model
    if facet.translated_prefix:
        label = _translated_name("")
    elif facet.label_fields:
        label = Cast(F(facet.label_fields[0].rsplit("__", 1)[-1]), CharField())
    else:
        return {}
    found = (
        model.objects.filter(**{f"{field_name}__in": values})
        .annotate(facet_label=label)
        .values_list(field_name, "facet_label")
    )
    return {str(value): text for value, text in found}


def _counted_values(queryset, facet, number):
    """One facet's (number, value, label, count) rows, ready for the union."""
    lookup = "content_type" if facet.name == "type" else facet.lookup
    return (
        queryset.order_by()
        .exclude(**{f"{lookup}__isnull": True})
        .values(
            facet_number=Value(number, output_field=IntegerField()),
            facet_value=Cast(F(lookup), CharField()),
            facet_label=_label_expression(facet),
        )
        .annotate(count=Count("pk", distinct=True))
        .values_list("facet_number", "facet_value", "facet_label", "count")
    )


def _type_keys():
    from django.contrib.contenttypes.models import ContentType

    return {
        ContentType.objects.get_for_model(model).pk: key
        for key, (_label, model) in ClassifiedPage.catalogue_types().items()
    }


@dataclass
class FacetedListing:
    """What a faceted listing page needs: results page, facet counts, chosen values
    (includes/facets.html shows it)."""

    page_obj: object
    facets: list
    selection: FacetSelection
    errors: list
    query_string: str
    keep: list = field(default_factory=list)

    @property
    def clear_query(self):
        return ""


def faceted_listing(request, queryset, per_page=12, facets=FACETS):
    """Filter `queryset` by the request's facet parameters and paginate it.

    Every facet parameter is read and applied, `facets` are the ones shown with
    counts. Bad values are left out and reported in `errors` (HTML pages show them;
    the exports and feeds answer 400 instead, through FacetSelection.from_querydict).
    """
    parsed, errors = parse_facets(request.GET)
    selection = FacetSelection(parsed.chosen)
    counts = facet_counts(queryset, selection, facets)
    paginator = Paginator(selection.apply(queryset), per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    return FacetedListing(
        page_obj=page_obj,
        facets=[(facet, counts[facet.name]) for facet in facets if counts[facet.name]],
        selection=selection,
        errors=errors,
        query_string=selection.query_string(),
    )
