"""The registry of searchable types: each app says what it offers to search.

search/ imports no app. Each app that has something findable keeps a small
``searchable.py`` module (found by ``autodiscover`` when the search app is ready, the
way Wagtail finds ``wagtail_hooks``) which registers one ``SearchableType`` per kind of
thing: what its document looks like, which objects exist, who may see each one, and
which other models' changes make one of its documents stale.

Backends only ever see ``SearchDocument``s, so the two backends index the same data and
the visibility rules live with the app that knows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.module_loading import autodiscover_modules

# Audience tokens. A document lists who may find it; a user may find a document when the
# user's tokens (``audience_for``) share at least one token with the document's.
PUBLIC = "public"  # anyone, visitors included
MEMBERS = "members"  # any signed-in member
STAFF = "staff"  # editors, moderators and admins


def group_token(pk):
    """The token of a private or members-only group's readers (the network app)."""
    return f"group:{pk}"


def user_token(pk):
    """The token of one user (e.g. a profile visible only to its owner)."""
    return f"user:{pk}"


@dataclass(frozen=True)
class Cue:
    """A caption cue of a video: a hit inside it links to ``url#t=<start>``."""

    start: float
    text: str


@dataclass
class SearchDocument:
    """One findable thing, as every backend indexes it.

    ``facets`` uses the public facet parameter names and values of DESIGN.md
    (``country``: ISO code, ``region``/``municipality``: slug, ``sector``,
    ``target_group``, ``competence``: DigComp code, ``year``); ``type``, ``tag`` and
    ``language`` come from their own fields.
    """

    type: str
    key: str  # unique within the type, usually str(pk)
    title: str
    url: str
    language: str = ""
    text: str = ""  # plain text: the body, without markup
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)  # display names
    facets: dict[str, list[str]] = field(default_factory=dict)
    audience: list[str] = field(default_factory=lambda: [PUBLIC])
    boost: float = 1.0  # editor's picks, verified practice, solved threads
    date: datetime | None = None
    cues: list[Cue] = field(default_factory=list)
    suggest: list[str] = field(default_factory=list)  # extra autocomplete inputs
    # Display names of facet values: {"municipality": {"laholm": "Laholm"}, ...}
    # (values without one are shown as they are; tags and municipalities are paired
    # with their names by position when these are missing).
    facet_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # [(language, name)]: what the document is classified as, in every language the
    # taxonomy names it (sector, target groups, competences, region, country, type).
    # A query naming one finds the document though no text of it says the word.
    classification: list[tuple[str, str]] = field(default_factory=list)

    @property
    def id(self):
        return f"{self.type}:{self.key}"


class SearchableType:
    """What an app registers for one kind of findable thing.

    Subclasses set ``name`` (the ``type`` facet value, e.g. ``"story"``), ``label``
    (translated, for the facet list) and ``model``, and implement ``to_document``.
    """

    name: str = ""
    label = ""
    model = None
    # Old names of the type, still accepted as ``type`` facet values and read as
    # ``name`` (search.facets owns the vocabulary).
    aliases: tuple = ()
    # (model, function(instance) -> iterable of ``self.model`` objects to re-index):
    # a change to a post makes its thread's document stale, and so on.
    watch: tuple = ()

    def get_queryset(self):
        """Every object that may have a document, ready for ``to_document`` in bulk."""
        return self.model._default_manager.all()

    def to_document(self, obj) -> SearchDocument | None:
        """The document of ``obj``, or None when it must not be findable now
        (a draft, a hidden post, an erased member)."""
        raise NotImplementedError


class Registry:
    def __init__(self):
        self._types = {}
        self._aliases = {}  # old type name -> its type's name
        self._audience_providers = []

    def register(self, searchable):
        if not searchable.name or searchable.model is None:
            raise ValueError("A searchable type needs a name and a model.")
        if searchable.name in self._types or searchable.name in self._aliases:
            raise ValueError(f"Searchable type {searchable.name!r} registered twice.")
        for alias in searchable.aliases:
            if alias in self._types or alias in self._aliases:
                raise ValueError(f"Searchable type alias {alias!r} is taken.")
        self._types[searchable.name] = searchable
        self._aliases.update(dict.fromkeys(searchable.aliases, searchable.name))
        return searchable

    def register_audience(self, provider):
        """Add ``provider(user) -> iterable of tokens`` (e.g. the user's groups)."""
        self._audience_providers.append(provider)
        return provider

    def types(self):
        return list(self._types.values())

    def get(self, name):
        return self._types[name]

    def names(self):
        return list(self._types)

    def resolve(self, name):
        """The type called ``name`` or aliased so, or None."""
        if name in self._types:
            return name
        return self._aliases.get(name)

    def aliases(self):
        """{alias: type name} of every registered type."""
        return dict(self._aliases)

    def type_labels(self):
        """{type name: its translated label} (the ``type`` facet's display)."""
        return {t.name: str(t.label or t.name) for t in self._types.values()}

    def for_model(self, model):
        return [t for t in self._types.values() if issubclass(model, t.model)]

    def all_watches(self):
        """(searchable, watched model, related function) of every type."""
        return [
            (searchable, watched, related)
            for searchable in self._types.values()
            for watched, related in searchable.watch
        ]

    def watchers_of(self, model):
        """The watches whose watched model ``model`` is (or inherits from)."""
        return [
            (searchable, watched, related)
            for searchable, watched, related in self.all_watches()
            if issubclass(model, watched)
        ]

    def audience_for(self, user):
        """The tokens of what ``user`` may find."""
        tokens = {PUBLIC}
        if user is not None and user.is_authenticated:
            tokens |= {MEMBERS, user_token(user.pk)}
            for provider in self._audience_providers:
                tokens |= set(provider(user))
        return tokens


registry = Registry()
register = registry.register
register_audience = registry.register_audience


def autodiscover():
    autodiscover_modules("searchable")
