"""The facet query parameters of DESIGN.md, in one place: their names and order, their
labels, the grammar of their values, parsing a request's parameters and the rows a
facet list shows.

Every place that honours facet parameters reads them here: /search/ and /api/search/,
the listings over classified pages (/catalogue/, /stories/, /videos/, a collection,
through ``taxonomy.facets``), the catalogue's exports and feeds, and the ambassador
directory. So one query string is accepted or refused alike everywhere
(tests/test_facet_contract.py): a bad value is reported, in the reader's language, on
an HTML page and answered with 400 by the exports, feeds and the JSON API.

Values of one facet combine with OR (``tag=a&tag=b``: either), facets with AND. A
value is parsed to its one canonical spelling (slugs and language codes lower case,
country codes upper case, type aliases to their type), so ``/catalogue/?type=Entry``
and ``/api/search/?type=catalogue`` choose the same pages.

The ``type`` vocabulary is the search registry's: each searchable type's ``name`` is
its value everywhere (``story``, ``video``, ``entry``, ``event``, ``thread``,
``profile``), and a type may keep old names as ``aliases``, accepted and read as the
type (``catalogue`` for ``entry``: search's name for practice entries before the
catalogue and search shared one vocabulary). search/ imports no app, so every app may
import this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .registry import registry

# DESIGN.md's facet parameters, in the order facet lists show them.
FACET_NAMES = (
    "type",
    "tag",
    "country",
    "region",
    "municipality",
    "sector",
    "target_group",
    "competence",
    "language",
    "year",
)
MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 120
# A facet list shows this many values, the others behind "show all".
SHOWN_VALUES = 12
# Years a page's work may have taken place in (ClassifiedPage.year's validators) and
# events may start in.
FIRST_YEAR, LAST_YEAR = 1990, 2100

_SLUG = re.compile(r"^[-\w]{1,120}$")  # MAX_VALUE_LENGTH
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_COMPETENCE = re.compile(r"^\d{1,2}\.\d{1,2}$")
_YEAR = re.compile(r"^\d{4}$")


# --- The type vocabulary -------------------------------------------------------------


def type_names():
    """The ``type`` facet's values: every registered searchable type's name."""
    return registry.names()


def resolve_type(raw):
    """The type named ``raw`` (its name or one of its aliases, any case), or None."""
    return registry.resolve(raw.strip().lower())


def type_label(name):
    """The translated label of a type (``entry`` → "Practice")."""
    return registry.type_labels().get(name, name)


def language_label(code):
    return str(dict(settings.DELA_CONTENT_LANGUAGES).get(code, code))


# --- Facets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One facet parameter: its name, its label, and the grammar of its values."""

    name: str
    label: str
    pattern: re.Pattern = _SLUG
    upper: bool = False

    def normalise(self, raw):
        """The canonical spelling of ``raw``; ValueError when it is not a value of this
        facet. Slugs and codes are stored in one case; a hand-typed or pasted URL may
        not be."""
        value = raw.strip()
        value = value.upper() if self.upper else value.lower()
        if not self.pattern.match(value):
            raise ValueError(raw)
        return value

    def value_label(self, value, label=""):
        """How a value is shown: the label the data gave, else the value itself."""
        return str(label or value)


class TypeFacet(Facet):
    def normalise(self, raw):
        value = resolve_type(raw)
        if value is None:
            raise ValueError(raw)
        return value

    def value_label(self, value, label=""):
        return type_label(value)


class LanguageFacet(Facet):
    def normalise(self, raw):
        value = raw.strip().lower()
        if value not in dict(settings.DELA_CONTENT_LANGUAGES):
            raise ValueError(raw)
        return value

    def value_label(self, value, label=""):
        return language_label(value)


class YearFacet(Facet):
    def normalise(self, raw):
        value = raw.strip()
        if not _YEAR.match(value) or not FIRST_YEAR <= int(value) <= LAST_YEAR:
            raise ValueError(raw)
        return value


FACETS = (
    TypeFacet("type", _("Type")),
    Facet("tag", _("Tag")),
    Facet("country", _("Country"), pattern=_COUNTRY, upper=True),
    Facet("region", _("Region")),
    Facet("municipality", _("Municipality")),
    Facet("sector", _("Sector")),
    Facet("target_group", _("Target group")),
    Facet("competence", _("Competence"), pattern=_COMPETENCE),
    LanguageFacet("language", _("Language")),
    YearFacet("year", _("Year")),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
assert tuple(FACETS_BY_NAME) == FACET_NAMES


def facet_label(name):
    facet = FACETS_BY_NAME.get(name)
    return str(facet.label) if facet else name


# --- Parsing -------------------------------------------------------------------------


class FacetError(ValueError):
    """Facet parameters that cannot be understood; ``errors`` says what is wrong with
    each, in the reader's language."""

    def __init__(self, errors):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors

    @property
    def messages(self):
        return [str(error) for error in self.errors]


@dataclass
class FacetSelection:
    """The facet values a request chose: {facet name: [canonical values]}, in
    FACET_NAMES order."""

    chosen: dict = field(default_factory=dict)

    @classmethod
    def from_querydict(cls, querydict):
        """The selection of ``querydict``; FacetError lists every bad parameter (for
        the exports, the feeds and the JSON API, which refuse them)."""
        selection, errors = parse_facets(querydict)
        if errors:
            raise FacetError(errors)
        return cls(selection.chosen)

    def __bool__(self):
        return bool(self.chosen)

    def values(self, name):
        return self.chosen.get(name, [])

    def is_chosen(self, name, value):
        return str(value) in self.chosen.get(name, [])

    def without(self, *names):
        return type(self)(
            {name: values for name, values in self.chosen.items() if name not in names}
        )

    def as_query_items(self):
        return [
            (name, value) for name, values in self.chosen.items() for value in values
        ]

    def query_string(self):
        return urlencode(self.as_query_items())


def parse_facets(querydict):
    """(FacetSelection of the good values, [error message, ...]) of a request's facet
    parameters. HTML pages use the good values and show the errors; empty values are
    no choice. Every facet parameter is read, whether or not a page shows that facet,
    so every page refuses the same values."""
    chosen, errors = {}, []
    for facet in FACETS:
        raw_values = [value for value in querydict.getlist(facet.name) if value.strip()]
        if len(raw_values) > MAX_VALUES_PER_FACET:
            errors.append(
                gettext("Choose at most %(max)d values for “%(facet)s”.")
                % {"max": MAX_VALUES_PER_FACET, "facet": facet.name}
            )
            continue
        values = []
        for raw in raw_values:
            try:
                value = facet.normalise(raw)
            except ValueError:
                errors.append(
                    gettext("“%(value)s” is not a valid value for “%(facet)s”.")
                    % {"value": raw[:50], "facet": facet.name}
                )
                continue
            if value not in values:
                values.append(value)
        if values:
            chosen[facet.name] = values
    return FacetSelection(chosen), errors


# --- Display -------------------------------------------------------------------------


@dataclass
class FacetValue:
    """One row of a facet list: a value, its label, how many results it gives."""

    value: object
    label: str
    count: int
    selected: bool


class FacetValues(list):
    """A facet's rows, most frequent first, split for display: the first SHOWN_VALUES
    in ``top``, the others in ``rest`` (behind "show all"), which opens by itself when
    it holds a chosen value so that it can be unticked."""

    @property
    def top(self):
        return self[:SHOWN_VALUES]

    @property
    def rest(self):
        return self[SHOWN_VALUES:]

    @property
    def rest_has_selected(self):
        return any(item.selected for item in self.rest)


_value_label_sources = []


def register_value_labels(source):
    """Register ``source(facet_name, values)`` -> {value: label}: how the app that
    owns a facet's values names them when no result brings their label (a chosen
    value that matches nothing). Search imports no app; taxonomy registers its
    tables (TaxonomyConfig.ready)."""
    if source not in _value_label_sources:
        _value_label_sources.append(source)


def chosen_without_results(name, chosen, shown):
    """[(value, label)] of the chosen values of facet ``name`` that ``shown`` (the
    values the counts gave) lacks: listed with 0 so a reader can untick them, under
    the label their owner gives (register_value_labels), else the value itself, as
    the backends label what they count. The backends and facet_rows ask this."""
    shown = {str(value) for value in shown}
    missing = [str(value) for value in chosen if str(value) not in shown]
    if not missing:
        return []
    labels = {}
    for source in _value_label_sources:
        labels.update(source(name, missing))
    return [(value, labels.get(value) or value) for value in missing]


def facet_rows(facet, counted, selection):
    """The FacetValues of ``facet`` from ``counted`` [(value, label, count)], most
    frequent first as given. Chosen values without results are listed too (count 0),
    under the label their owner gives (register_value_labels), so that a reader
    sees what they chose and can untick it: on every listing and on /search/."""
    rows = FacetValues(
        FacetValue(
            value,
            facet.value_label(value, label),
            count,
            selection.is_chosen(facet.name, value),
        )
        for value, label, count in counted
    )
    rows += [
        FacetValue(value, facet.value_label(value, label), 0, True)
        for value, label in chosen_without_results(
            facet.name, selection.values(facet.name), (row.value for row in rows)
        )
    ]
    return rows


@dataclass
class FacetList:
    """What includes/facets.html shows: each facet with its rows, the errors of the
    request's facet parameters, the chosen values, and the parameters that are not
    facets but stay when the form is sent (``q`` on /search/)."""

    facets: list
    selection: FacetSelection
    errors: list = field(default_factory=list)
    keep: list = field(default_factory=list)  # [(name, value)] kept as hidden fields

    @property
    def clear_query(self):
        """The query string without any facet choice."""
        return urlencode(self.keep)
