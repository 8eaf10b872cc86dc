"""Keeping the index in step with the content: documents of objects, on change and in
bulk. The backends never see a model; this module asks the registry."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation

from .analysis import synonyms_held
from .backends import SearchUnavailable, all_backends, get_fallback_backend
from .registry import registry

logger = logging.getLogger(__name__)

#: Objects read per query when documents are made in bulk (with their prefetches).
CHUNK = 500


def documents_of(searchable, objects):
    """(documents to index, ids of documents to remove) for ``objects``. Documents are
    made in the site's language (LANGUAGE_CODE) whatever the language of the request
    or task at hand, so the same content always gives the same document."""
    documents, gone = [], []
    for obj in objects:
        try:
            with translation.override(settings.LANGUAGE_CODE):
                document = searchable.to_document(obj)
        except Exception:
            logger.exception("Search: no document for %s %s", searchable.name, obj.pk)
            document = None
        if document is None:
            gone.append(f"{searchable.name}:{obj.pk}")
        else:
            documents.append(document)
    return documents, gone


def _each_backend(action):
    for backend in all_backends():
        try:
            action(backend)
        except SearchUnavailable:
            logger.warning("Search: %s unreachable; index it again later", backend.name)


def index_objects(type_name, pks):
    """(Re)index the objects ``pks`` of one registered type (and remove those that
    no longer exist or must not be findable)."""
    searchable = registry.get(type_name)
    pks = list(pks)
    queryset = searchable.get_queryset().filter(pk__in=pks)
    found = list(queryset)
    with synonyms_held():
        documents, gone = documents_of(searchable, found)
        present = {obj.pk for obj in found}
        gone += [f"{type_name}:{pk}" for pk in pks if pk not in present]
        # Keys may differ from pks: remove stale documents by the ids the type makes.
        _each_backend(lambda backend: backend.delete_documents(gone))
        _each_backend(lambda backend: backend.index_documents(documents))
    return len(documents), len(gone)


def all_documents(types=None):
    """Every document of every (or the given) registered type, streamed."""
    for searchable in types or registry.types():
        queryset = searchable.get_queryset()
        if hasattr(queryset, "iterator"):
            # In chunks, each with its own prefetch queries (Django >= 4.1): the
            # queries per type grow with the chunks, not the objects, and memory
            # holds one chunk, not every thread's posts at once.
            objects = queryset.iterator(chunk_size=CHUNK)
        else:
            objects = queryset
        for obj in objects:
            documents, _ = documents_of(searchable, [obj])
            yield from documents


def count_objects():
    total = 0
    for searchable in registry.types():
        try:
            total += searchable.get_queryset().count()
        except Exception:
            logger.exception("Search: cannot count %s", searchable.name)
    return total


def rebuild(progress=None, backends=None):
    """Rebuild each backend's index from all documents; returns how many. The
    synonyms are read once for the whole run (analysis.synonyms_held)."""
    count = 0
    for backend in backends or all_backends():
        with synonyms_held():
            count = backend.rebuild(all_documents(), progress=progress)
    return count


def drift(backend=None):
    """(missing, stale, extra) document ids of the index against the content."""
    from .documents import checksum

    backend = backend or get_fallback_backend()
    indexed = backend.indexed_checksums()
    missing, stale = [], []
    seen = set()
    with synonyms_held():
        for document in all_documents():
            seen.add(document.id)
            if document.id not in indexed:
                missing.append(document.id)
            elif indexed[document.id] != checksum(document):
                stale.append(document.id)
    extra = sorted(doc_id for doc_id in indexed if doc_id not in seen)
    return sorted(missing), sorted(stale), extra
