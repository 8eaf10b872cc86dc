"""Facets over classified pages: the same query parameters on /catalogue/, /stories/,
/videos/, their exports and the search API (DESIGN.md "Facet query parameters").

Values of one facet combine with OR (tag=a&tag=b: either tag), facets combine with AND.
Counts are disjunctive: each facet counts what the other facets' choices leave, so a
visitor sees how many results picking one more value gives. One query per facet.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import INTERFACE_LANGUAGES, ClassifiedPage

MAX_VALUES_PER_FACET = 20
_SLUG = re.compile(r"^[-\w]{1,120}$")
_CODE = re.compile(r"^\d{1,2}\.\d{1,2}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def _name_fields(prefix):
    return [f"{prefix}__name_{language}" for language in INTERFACE_LANGUAGES]


def _pick_name(row, prefix):
    language = (get_language() or "sv").split("-")[0]
    if language not in INTERFACE_LANGUAGES:
        language = "en"
    return row.get(f"{prefix}__name_{language}") or row.get(f"{prefix}__name_sv")


@dataclass(frozen=True)
class Facet:
    """One facet: its query parameter, the ORM path of its value, how values are
    shown."""

    name: str
    label: str
    lookup: str
    label_fields: tuple = ()
    translated_prefix: str = ""
    pattern: re.Pattern = _SLUG

    def normalise(self, raw):
        value = raw.strip()
        # Slugs and codes are stored in one case; a hand-typed or pasted URL may not be.
        value = value.upper() if self.name == "country" else value.lower()
        if not self.pattern.match(value):
            raise ValueError(value)
        return value

    def label_for(self, row):
        if self.translated_prefix:
            return _pick_name(row, self.translated_prefix)
        if self.label_fields:
            return row[self.label_fields[0]]
        return row[self.lookup]

    def values_fields(self):
        fields = [self.lookup, *self.label_fields]
        if self.translated_prefix:
            fields += _name_fields(self.translated_prefix)
        return fields


class TypeFacet(Facet):
    def normalise(self, raw):
        value = raw.strip().lower()
        if value not in ClassifiedPage.catalogue_types():
            raise ValueError(value)
        return value

    def filter_values(self, values):
        from django.contrib.contenttypes.models import ContentType

        types = ClassifiedPage.catalogue_types()
        models = [types[value][1] for value in values]
        return list(ContentType.objects.get_for_models(*models).values())


class LanguageFacet(Facet):
    def normalise(self, raw):
        value = raw.strip().lower()
        if value not in dict(settings.CONTENT_LANGUAGES):
            raise ValueError(value)
        return value

    def label_for(self, row):
        return dict(settings.CONTENT_LANGUAGES)[row[self.lookup]]


class YearFacet(Facet):
    def normalise(self, raw):
        value = int(raw.strip())
        if not 1990 <= value <= 2100:
            raise ValueError(raw)
        return value


FACETS = [
    TypeFacet("type", _("Type"), "content_type"),
    Facet("tag", _("Tag"), "tags__slug", label_fields=("tags__name",)),
    Facet(
        "country",
        _("Country"),
        "municipalities__country__code",
        translated_prefix="municipalities__country",
        pattern=_COUNTRY,
    ),
    Facet(
        "region",
        _("Region"),
        "municipalities__region__slug",
        label_fields=("municipalities__region__name",),
    ),
    Facet(
        "municipality",
        _("Municipality"),
        "municipalities__slug",
        label_fields=("municipalities__name",),
    ),
    Facet("sector", _("Sector"), "sector__slug", translated_prefix="sector"),
    Facet(
        "target_group",
        _("Target group"),
        "target_groups__slug",
        translated_prefix="target_groups",
    ),
    Facet(
        "competence",
        _("Competence"),
        "competences__code",
        translated_prefix="competences",
        pattern=_CODE,
    ),
    LanguageFacet("language", _("Language"), "language"),
    YearFacet("year", _("Year"), "year"),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


class FacetError(ValueError):
    """A facet parameter that cannot be understood; `errors` lists each problem."""

    def __init__(self, errors):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class FacetSelection:
    """The facet values chosen in a request: {facet name: [values]}."""

    chosen: dict = field(default_factory=dict)

    @classmethod
    def from_querydict(cls, querydict, facets=FACETS):
        """Parse facet parameters; raises FacetError naming each bad parameter."""
        chosen, errors = {}, []
        for facet in facets:
            raw_values = [
                value for value in querydict.getlist(facet.name) if value.strip()
            ]
            if len(raw_values) > MAX_VALUES_PER_FACET:
                errors.append(
                    _("Choose at most %(max)d values for “%(facet)s”.")
                    % {"max": MAX_VALUES_PER_FACET, "facet": facet.name}
                )
                continue
            values = []
            for raw in raw_values:
                try:
                    value = facet.normalise(raw)
                except ValueError:
                    errors.append(
                        _("“%(value)s” is not a valid value for “%(facet)s”.")
                        % {"value": raw[:50], "facet": facet.name}
                    )
                    continue
                if value not in values:
                    values.append(value)
            if values:
                chosen[facet.name] = values
        if errors:
            raise FacetError(errors)
        return cls(chosen)

    def __bool__(self):
        return bool(self.chosen)

    def is_chosen(self, facet_name, value):
        return value in self.chosen.get(facet_name, [])

    def apply(self, queryset, exclude=None):
        """The queryset narrowed to the chosen values (all facets but `exclude`)."""
        for name, values in self.chosen.items():
            if name == exclude:
                continue
            facet = FACETS_BY_NAME[name]
            if isinstance(facet, TypeFacet):
                queryset = queryset.filter(content_type__in=facet.filter_values(values))
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

    def as_query_items(self):
        return [
            (name, value) for name, values in self.chosen.items() for value in values
        ]


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool


SHOWN_VALUES = 12


class FacetValues(list):
    """A facet's values, most frequent first, split for display: the first
    SHOWN_VALUES in `top`, the others in `rest` (behind "show all"), which opens by
    itself when it holds a chosen value so that it can be unticked."""

    @property
    def top(self):
        return self[:SHOWN_VALUES]

    @property
    def rest(self):
        return self[SHOWN_VALUES:]

    @property
    def rest_has_selected(self):
        return any(item.selected for item in self.rest)


def facet_counts(queryset, selection, facets=FACETS):
    """{facet name: [FacetValue, ...]} for the queryset, most frequent first.

    Each facet costs one aggregate query. Selected values are always listed (with 0 when
    nothing matches) so a visitor can deselect them.
    """
    results = {}
    for facet in facets:
        base = selection.apply(queryset, exclude=facet.name)
        if isinstance(facet, TypeFacet):
            results[facet.name] = _type_counts(base, selection)
            continue
        rows = (
            base.order_by()
            .exclude(**{f"{facet.lookup}__isnull": True})
            .values(*facet.values_fields())
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count", facet.lookup)
        )
        values = [
            FacetValue(
                row[facet.lookup],
                facet.label_for(row),
                row["count"],
                selection.is_chosen(facet.name, row[facet.lookup]),
            )
            for row in rows
        ]
        seen = {item.value for item in values}
        values += [
            FacetValue(value, str(value), 0, True)
            for value in selection.chosen.get(facet.name, [])
            if value not in seen
        ]
        results[facet.name] = FacetValues(values)
    return results


def _type_counts(queryset, selection):
    from django.contrib.contenttypes.models import ContentType

    types = ClassifiedPage.catalogue_types()
    by_content_type = {
        ContentType.objects.get_for_model(model).pk: (key, label)
        for key, (label, model) in types.items()
    }
    rows = (
        queryset.order_by()
        .values("content_type")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count")
    )
    values = []
    for row in rows:
        if row["content_type"] in by_content_type:
            key, label = by_content_type[row["content_type"]]
            selected = selection.is_chosen("type", key)
            values.append(FacetValue(key, str(label), row["count"], selected))
    seen = {item.value for item in values}
    values += [
        FacetValue(key, str(types[key][0]), 0, True)
        for key in selection.chosen.get("type", [])
        if key not in seen
    ]
    return FacetValues(values)


@dataclass
class FacetedListing:
    """What a faceted listing page needs: results page, facet counts, chosen values."""

    page_obj: object
    facets: list
    selection: FacetSelection
    errors: list
    query_string: str


def faceted_listing(request, queryset, per_page=12, facets=FACETS):
    """Filter `queryset` by the request's facet parameters and paginate it.

    Bad parameters are dropped and reported in `errors` (HTML pages show them; the
    JSON API and exports answer 400 instead, using FacetSelection directly).
    """
    from django.core.paginator import Paginator
    from django.utils.http import urlencode

    errors = []
    try:
        selection = FacetSelection.from_querydict(request.GET, facets)
    except FacetError as exc:
        errors = exc.errors
        selection = FacetSelection()
    counts = facet_counts(queryset, selection, facets)
    paginator = Paginator(selection.apply(queryset), per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    return FacetedListing(
        page_obj=page_obj,
        facets=[(facet, counts[facet.name]) for facet in facets if counts[facet.name]],
        selection=selection,
        errors=errors,
        query_string=urlencode(selection.as_query_items()),
    )
