"""Search backends behind one interface; settings choose one by dotted path."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import (
    FACET_NAMES,
    BaseSearchBackend,
    Completion,
    FacetCount,
    FeatureNotSupported,
    SearchHit,
    SearchRequest,
    SearchResults,
    SearchUnavailable,
)

__all__ = [
    "FACET_NAMES",
    "BaseSearchBackend",
    "Completion",
    "FacetCount",
    "FeatureNotSupported",
    "SearchHit",
    "SearchRequest",
    "SearchResults",
    "SearchUnavailable",
    "get_backend",
    "get_fallback_backend",
]

DATABASE_BACKEND = "search.backends.database.DatabaseBackend"
ENGINE_BACKEND = "search.backends.engine.EngineBackend"
_cache = {}


def backend_path():
    """``SEARCH_BACKEND`` if set, else the engine backend when
    ``SEARCH_ENGINE_URL`` is set, else the database backend."""
    configured = settings.SEARCH_BACKEND
    if configured:
        return configured
    if settings.SEARCH_ENGINE_URL:
        return ENGINE_BACKEND
    return DATABASE_BACKEND


def _load(path):
    key = (
        path,
        settings.SEARCH_ENGINE_URL,
        settings.SEARCH_ENGINE_KIND,
        settings.SEARCH_ENGINE_INDEX,
    )
    if key not in _cache:
        options = settings.SEARCH_BACKEND_OPTIONS
        _cache[key] = import_string(path)(**options)
    return _cache[key]


def get_backend():
    return _load(backend_path())


def get_fallback_backend():
    """The database backend, which every deployment keeps indexed."""
    return _load(DATABASE_BACKEND)


def all_backends():
    """Every backend documents go to: the database always, and the configured one."""
    backends = [get_fallback_backend()]
    primary = get_backend()
    if primary is not backends[0]:
        backends.append(primary)
    return backends
