"""A rebuild of the database index never holds the database's write lock for its
whole run: on SQLite (one writer at a time) a post written while the search index
is rebuilt must not wait for, or fail on, the rebuild."""

import threading
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from search.backends.database import DatabaseBackend
from search.models import IndexEntry
from tests.search.test_search_backends import documents

KEY = "rebuild-lock-test-session"


def test_another_writer_gets_in_while_the_index_is_rebuilt(
    test_database, django_db_blocker, monkeypatch
):
    # Outside a test transaction: the writer's thread has its own connection and
    # must see (and wait for) what this one holds, as another request would.
    monkeypatch.setattr("search.backends.database.CHUNK", 2)
    outside, written = [], []

    def write_from_another_connection():
        # A sign-in writes a session: the smallest write a request makes.
        try:
            Session.objects.create(
                session_key=KEY,
                session_data="",
                expire_date=timezone.now() + timedelta(minutes=5),
            )
            written.append(True)
        finally:
            connection.close()

    def progress(done):
        outside.append(not connection.in_atomic_block)
        if done == 3:  # half-way: one chunk written, the next being read
            writer = threading.Thread(target=write_from_another_connection)
            writer.start()
            writer.join(timeout=60)

    ids = [document.id for document in documents()]
    with django_db_blocker.unblock():
        try:
            backend = DatabaseBackend()
            backend.rebuild(documents(), progress=progress)
            assert written == [True]
            # Between chunks the rebuild holds no transaction at all.
            assert outside and all(outside)
            assert set(ids) <= set(backend.indexed_checksums())
        finally:
            Session.objects.filter(session_key=KEY).delete()
            IndexEntry.objects.filter(doc_id__in=ids).delete()
