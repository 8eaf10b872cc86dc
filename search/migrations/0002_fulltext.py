"""The full-text side of the database backend's index, per database vendor.

SQLite: an FTS5 table over IndexEntry's analysed terms (external content, kept in step by
triggers). PostgreSQL: a weighted tsvector column filled by a trigger, with a GIN index.
The terms are already analysed in Python (search/analysis.py), so both use the plain
"simple"/unicode61 tokenisers: the Nordic handling is the same on both.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE dela_search_fts USING fts5(
        title_terms, meta_terms, body_terms,
        content='dela_search_indexentry', content_rowid='id'
    )""",
    """CREATE TRIGGER dela_search_fts_ai AFTER INSERT ON dela_search_indexentry BEGIN
        INSERT INTO dela_search_fts(rowid, title_terms, meta_terms, body_terms)
        VALUES (new.id, new.title_terms, new.meta_terms, new.body_terms);
    END""",
    """CREATE TRIGGER dela_search_fts_ad AFTER DELETE ON dela_search_indexentry BEGIN
        INSERT INTO dela_search_fts(dela_search_fts, rowid, title_terms, meta_terms,
            body_terms)
        VALUES ('delete', old.id, old.title_terms, old.meta_terms, old.body_terms);
    END""",
    """CREATE TRIGGER dela_search_fts_au AFTER UPDATE ON dela_search_indexentry BEGIN
        INSERT INTO dela_search_fts(dela_search_fts, rowid, title_terms, meta_terms,
            body_terms)
        VALUES ('delete', old.id, old.title_terms, old.meta_terms, old.body_terms);
        INSERT INTO dela_search_fts(rowid, title_terms, meta_terms, body_terms)
        VALUES (new.id, new.title_terms, new.meta_terms, new.body_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS dela_search_fts_au",
    "DROP TRIGGER IF EXISTS dela_search_fts_ad",
    "DROP TRIGGER IF EXISTS dela_search_fts_ai",
    "DROP TABLE IF EXISTS dela_search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE dela_search_indexentry ADD COLUMN vector tsvector",
    """CREATE FUNCTION dela_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.vector :=
            setweight(to_tsvector('simple', coalesce(NEW.title_terms, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(NEW.meta_terms, '')), 'B') ||
            setweight(to_tsvector('simple', coalesce(NEW.body_terms, '')), 'D');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER dela_search_vector_trigger BEFORE INSERT OR UPDATE
        ON dela_search_indexentry FOR EACH ROW EXECUTE FUNCTION dela_search_vector()""",
    "CREATE INDEX dela_search_vector_gin ON dela_search_indexentry USING gin(vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS dela_search_vector_gin",
    "DROP TRIGGER IF EXISTS dela_search_vector_trigger ON dela_search_indexentry",
    "DROP FUNCTION IF EXISTS dela_search_vector()",
    "ALTER TABLE dela_search_indexentry DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("dela_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
