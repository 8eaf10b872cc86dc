"""The database backend's full-text triggers are there after every `migrate`
(search/fulltext.py): a table rebuild on SQLite drops them, and the index would then
stop following its entries without a word."""

import pytest
from django.db import connection

from search.fulltext import POSTGRES_TRIGGERS, ensure_fulltext, missing_triggers
from search.models import IndexEntry

pytestmark = pytest.mark.django_db


def _entry(word):
    return IndexEntry.objects.create(
        doc_id=f"test:{word}",
        type="test",
        key=word,
        title=word,
        url=f"/{word}/",
        title_terms=word,
        checksum="x",
    )


def _fts_finds(word):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM dela_search_fts WHERE dela_search_fts MATCH %s",
            [word],
        )
        return cursor.fetchone()[0]


def test_the_triggers_are_there_after_migrate():
    assert missing_triggers(connection) == set()
    assert ensure_fulltext() == set()  # nothing to do, nothing done


def test_a_dropped_trigger_comes_back_after_migrate():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER dela_search_fts_ai")
        entry = _entry("zebrafinkar")
        assert _fts_finds("zebrafinkar") == 0  # the index no longer follows
        assert ensure_fulltext() == {"dela_search_fts_ai"}
        assert missing_triggers(connection) == set()
        assert _fts_finds("zebrafinkar") == 1  # and what it missed is read again
        entry.delete()
        assert _fts_finds("zebrafinkar") == 0
    else:
        # PostgreSQL keeps its triggers through column changes; should one be gone,
        # the next migrate says what to do instead of serving a silent index.
        for name, table in sorted(POSTGRES_TRIGGERS.items()):
            with connection.cursor() as cursor:
                cursor.execute("SAVEPOINT dropped")
                cursor.execute(f"DROP TRIGGER {name} ON {table}")  # noqa: S608
            assert missing_triggers(connection) == {name}
            with pytest.raises(RuntimeError, match="migrate dela_search"):
                ensure_fulltext()
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK TO SAVEPOINT dropped")
            assert missing_triggers(connection) == set()
