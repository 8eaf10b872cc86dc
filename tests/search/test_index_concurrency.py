"""Two workers indexing the same documents at once both succeed (the database index).

On PostgreSQL the second worker's delete waited for the first, did not see the rows
the first had inserted, and its insert then collided with them: an IntegrityError,
the task failed and the index drifted (`make soak`, two workers). Each worker here
runs in its own thread and connection; a pause between the delete and the insert
gives the other every chance to interleave.
"""

import time

import pytest

from search.backends.database import DatabaseBackend
from search.models import IndexEntry
from tests.concurrency import at_once
from tests.search.test_search_backends import documents


@pytest.fixture
def committed(test_database, django_db_blocker):
    """Index rows committed outside the test's transaction; only these go after."""
    with django_db_blocker.unblock():
        ids = [document.id for document in documents()]
        IndexEntry.objects.filter(doc_id__in=ids).delete()
        try:
            yield ids
        finally:
            IndexEntry.objects.filter(doc_id__in=ids).delete()


def test_two_workers_index_the_same_documents(committed, monkeypatch):
    original_write = DatabaseBackend._write

    def slow_write(self, docs, labels):
        time.sleep(0.3)  # after the delete, before the insert
        return original_write(self, docs, labels)

    monkeypatch.setattr(DatabaseBackend, "_write", slow_write)

    def index():
        DatabaseBackend().index_documents(documents())

    errors = at_once(index, index)
    assert not errors, errors
    indexed = sorted(
        IndexEntry.objects.filter(doc_id__in=committed).values_list("doc_id", flat=True)
    )
    assert indexed == sorted(committed)  # each once
