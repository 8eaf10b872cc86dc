"""PostgreSQL (issue 19): the tsvector and its GIN index move from the wide entry row to
the narrow match row (IndexMatch), with ``head``, the title (A) and meta (B) lexemes
alone, for the cheap title/meta test of every match. A search then reads the narrow
rows only (a 72 MB heap at 100,000 documents, most of it the in-line ``head``,
instead of the entry's 156 MB). The vector is
kept out of line (storage EXTERNAL, toast_tuple_target 128): only the candidates'
ranking reads it. Filled by triggers from the entry's analysed terms: when a match
row is written (it is written after its entry, in the same transaction), and when an
entry's terms change in place. SQLite keeps FTS5 (migration 0002): nothing here.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE dela_search_indexmatch ADD COLUMN vector tsvector, "
    "ADD COLUMN head tsvector",
    "ALTER TABLE dela_search_indexmatch ALTER COLUMN vector SET STORAGE EXTERNAL",
    "ALTER TABLE dela_search_indexmatch SET (toast_tuple_target = 128)",
    # ``head`` is read for every match: compressed if need be, but in line.
    "ALTER TABLE dela_search_indexmatch ALTER COLUMN head SET STORAGE MAIN",
    # The existing index: its vectors as they are (the same terms).
    """UPDATE dela_search_indexmatch k
        SET vector = e.vector, head = ts_filter(e.vector, '{a,b}')
        FROM dela_search_indexentry e WHERE e.id = k.entry_id""",
    """CREATE FUNCTION dela_search_match_vector() RETURNS trigger AS $$
    BEGIN
        SELECT
            setweight(to_tsvector('simple', coalesce(e.title_terms, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(e.meta_terms, '')), 'B')
        INTO NEW.head
        FROM dela_search_indexentry e WHERE e.id = NEW.entry_id;
        SELECT NEW.head ||
            setweight(to_tsvector('simple', coalesce(e.body_terms, '')), 'D')
        INTO NEW.vector
        FROM dela_search_indexentry e WHERE e.id = NEW.entry_id;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER dela_search_match_vector_trigger BEFORE INSERT OR UPDATE
        ON dela_search_indexmatch FOR EACH ROW
        EXECUTE FUNCTION dela_search_match_vector()""",
    # An entry's terms changed in place: its match row reads them again.
    """CREATE FUNCTION dela_search_entry_terms() RETURNS trigger AS $$
    BEGIN
        UPDATE dela_search_indexmatch SET vector = NULL WHERE entry_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER dela_search_entry_terms_trigger
        AFTER UPDATE OF title_terms, meta_terms, body_terms
        ON dela_search_indexentry FOR EACH ROW
        EXECUTE FUNCTION dela_search_entry_terms()""",
    "CREATE INDEX dela_search_match_vector_gin ON dela_search_indexmatch "
    "USING gin(vector)",
    "DROP INDEX IF EXISTS dela_search_vector_gin",
    "DROP TRIGGER IF EXISTS dela_search_vector_trigger ON dela_search_indexentry",
    "DROP FUNCTION IF EXISTS dela_search_vector()",
    "ALTER TABLE dela_search_indexentry DROP COLUMN IF EXISTS vector",
]
POSTGRES_BACKWARD = [
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
    """UPDATE dela_search_indexentry e SET vector = k.vector
        FROM dela_search_indexmatch k WHERE e.id = k.entry_id""",
    "CREATE INDEX dela_search_vector_gin ON dela_search_indexentry USING gin(vector)",
    "DROP TRIGGER IF EXISTS dela_search_entry_terms_trigger ON dela_search_indexentry",
    "DROP FUNCTION IF EXISTS dela_search_entry_terms()",
    "DROP INDEX IF EXISTS dela_search_match_vector_gin",
    "DROP TRIGGER IF EXISTS dela_search_match_vector_trigger ON dela_search_indexmatch",
    "DROP FUNCTION IF EXISTS dela_search_match_vector()",
    "ALTER TABLE dela_search_indexmatch DROP COLUMN IF EXISTS vector, "
    "DROP COLUMN IF EXISTS head",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("dela_search", "0008_index_match_no_word_lists")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
