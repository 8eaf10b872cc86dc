"""The database backend's full-text side, kept in place after every `migrate`.

On SQLite the FTS5 table `dela_search_fts` mirrors IndexEntry's analysed terms through
three triggers (migration 0002 made them). A migration that changes IndexEntry's
columns rebuilds its table on SQLite, and the rebuild drops those triggers: the index
would then silently stop following its entries. `ensure_fulltext` runs after every
`migrate` (search/apps.py), puts back any trigger that is missing and re-reads the whole
index into FTS5 when it did. On PostgreSQL (the match row's tsvector, migration 0009)
a column change keeps the triggers; their presence is checked alike.
"""

import logging

from django.db import connections

logger = logging.getLogger(__name__)

TABLE = "dela_search_indexentry"
SQLITE_TRIGGERS = {
    "dela_search_fts_ai": """CREATE TRIGGER dela_search_fts_ai
        AFTER INSERT ON dela_search_indexentry
        BEGIN
        INSERT INTO dela_search_fts(rowid, title_terms, meta_terms, body_terms)
        VALUES (new.id, new.title_terms, new.meta_terms, new.body_terms);
        END""",
    "dela_search_fts_ad": """CREATE TRIGGER dela_search_fts_ad
        AFTER DELETE ON dela_search_indexentry
        BEGIN
        INSERT INTO dela_search_fts(dela_search_fts, rowid, title_terms, meta_terms,
            body_terms)
        VALUES ('delete', old.id, old.title_terms, old.meta_terms, old.body_terms);
        END""",
    "dela_search_fts_au": """CREATE TRIGGER dela_search_fts_au
        AFTER UPDATE ON dela_search_indexentry
        BEGIN
        INSERT INTO dela_search_fts(dela_search_fts, rowid, title_terms, meta_terms,
            body_terms)
        VALUES ('delete', old.id, old.title_terms, old.meta_terms, old.body_terms);
        INSERT INTO dela_search_fts(rowid, title_terms, meta_terms, body_terms)
        VALUES (new.id, new.title_terms, new.meta_terms, new.body_terms);
        END""",
}
# PostgreSQL (migration 0009): the match row's vector is read from its entry's terms
# when it is written, and again when the entry's terms change in place.
POSTGRES_FROM = "0009_match_vector"
POSTGRES_TRIGGERS = {
    "dela_search_match_vector_trigger": "dela_search_indexmatch",
    "dela_search_entry_terms_trigger": TABLE,
}


def missing_triggers(connection):
    """The names of the full-text triggers the database lacks."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            wanted = set(SQLITE_TRIGGERS)
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass"
                " OR tgrelid = %s::regclass",
                sorted(set(POSTGRES_TRIGGERS.values())),
            )
            wanted = set(POSTGRES_TRIGGERS)
        else:
            return set()
        return wanted - {name for (name,) in cursor.fetchall()}


def _applied(connection, name):
    from django.db.migrations.recorder import MigrationRecorder

    return (
        MigrationRecorder(connection)
        .migration_qs.filter(app="dela_search", name=name)
        .exists()
    )


def ensure_fulltext(using="default", **kwargs):
    """post_migrate: put back what a table rebuild dropped. Does nothing before the
    search app's own migrations have made the tables."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if TABLE not in tables:
        return set()
    if connection.vendor == "postgresql" and not _applied(connection, POSTGRES_FROM):
        return set()  # migrated back before the match row's vector: nothing to check
    missing = missing_triggers(connection)
    if not missing:
        return set()
    if connection.vendor != "sqlite" or "dela_search_fts" not in tables:
        raise RuntimeError(
            f"The search index's full-text trigger is missing: {sorted(missing)}. "
            "Migrate the search app (manage.py migrate dela_search)."
        )
    with connection.cursor() as cursor:
        for name in sorted(missing):
            cursor.execute(SQLITE_TRIGGERS[name])
        cursor.execute(
            "INSERT INTO dela_search_fts(dela_search_fts) VALUES ('rebuild')"
        )
    logger.warning(
        "Search: full-text triggers %s were missing and are back; the index was "
        "re-read into FTS5.",
        ", ".join(sorted(missing)),
    )
    return missing
