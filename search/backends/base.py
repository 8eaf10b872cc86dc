"""What every search backend must do, and the objects it answers with.

Like Wagtail's search backends: settings name the backend by dotted path
(``SEARCH_BACKEND``, see ``search.backends.get_backend``), empty results are an
object, and a feature a backend lacks raises ``FeatureNotSupported`` naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Facets every backend counts: DESIGN.md's facet parameters, owned by search.facets.
from ..facets import FACET_NAMES

AUDIENCE_FACET = "_audience"


class SearchUnavailable(Exception):
    """The backend's server cannot be reached (the caller falls back)."""


class FeatureNotSupported(NotImplementedError):
    def __init__(self, backend, feature):
        super().__init__(f"The {backend} search backend does not support {feature}.")
        self.feature = feature


@dataclass
class SearchRequest:
    """A validated search: cleaned text, facet filters, who asks, which page."""

    text: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> [values]
    audience: frozenset = frozenset({"public"})
    page: int = 1
    page_size: int = 10
    facets: tuple = FACET_NAMES

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchHit:
    doc_id: str
    type: str
    title: str
    url: str
    language: str = ""
    summary: str = ""
    tags: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)
    snippet: str = ""  # safe HTML: escaped text with <mark> around matches
    title_html: str = ""
    score: float = 0.0
    cue_start: float | None = None  # a video hit: where the words are said
    date: object = None

    @property
    def link(self):
        if self.cue_start is not None:
            return f"{self.url}#t={int(self.cue_start)}"
        return self.url


@dataclass
class SearchResults:
    request: SearchRequest
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)  # name -> [FacetCount]
    suggestion: str = ""  # "did you mean", a whole corrected query
    backend: str = ""
    degraded: bool = False  # answered by the fallback backend

    @classmethod
    def empty(cls, request, backend=""):
        return cls(request=request, backend=backend)

    def __bool__(self):
        return self.total > 0

    def __len__(self):
        return len(self.hits)

    def __iter__(self):
        return iter(self.hits)

    @property
    def pages(self):
        size = self.request.page_size
        return max(1, (self.total + size - 1) // size)


@dataclass
class Completion:
    """An autocomplete proposal: its text, what it is, and where it leads (or "")."""

    text: str
    kind: str  # "title", "tag", "municipality", "ambassador"
    url: str = ""


class BaseSearchBackend:
    """What a backend must do. Documents come from the registry (SearchDocument)."""

    name = "base"

    def __init__(self, **options):
        self.options = options

    # Indexing
    def index_documents(self, documents):
        """Add or replace these documents."""
        raise NotImplementedError

    def delete_documents(self, doc_ids):
        raise NotImplementedError

    def rebuild(self, documents, progress=None):
        """Replace the whole index by ``documents`` (an iterable); ``progress(n)`` is
        called as they go in. Searches keep working while it runs."""
        raise NotImplementedError

    def indexed_checksums(self):
        """{doc_id: checksum} of what the index holds (for drift reports)."""
        raise FeatureNotSupported(self.name, "drift reports")

    # Searching
    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def autocomplete(self, prefix, audience, limit=8):
        raise FeatureNotSupported(self.name, "autocomplete")

    def is_available(self):
        return True
