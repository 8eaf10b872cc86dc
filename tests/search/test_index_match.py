"""The database backend's narrow match rows (search.models.IndexMatch, issue 19): what a
search reads of each matched entry. They follow their entries on every write, change
of visibility and delete; facet counts read from them equal those counted from the
facet rows; an entry without one is reported by the drift check and put back by a
rebuild; migration 0007 fills them for an index that exists. Runs on whichever
database the suite runs on (SQLite and PostgreSQL in `make test`)."""

import importlib
from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from search.backends import SearchRequest
from search.backends.database import SEPARATOR, DatabaseBackend
from search.documents import analysed_fields
from search.models import IndexEntry, IndexFacet, IndexMatch
from search.registry import MEMBERS, PUBLIC, SearchDocument

pytestmark = pytest.mark.search_drift(
    "indexes synthetic documents, not the site's content"
)

WHEN = datetime(2025, 5, 1, tzinfo=UTC)
FACETS = ("type", "tag", "municipality", "language", "year")


def document(i, **changes):
    values = {
        "type": "story" if i % 3 else "entry",
        "key": str(i),
        "title": f"Surfplattor i hemtjänsten {i}",
        "url": f"/x/{i}/",
        "language": ["sv", "nb", "da"][i % 3],
        "summary": "Om digitala verktyg och välfärdsteknik.",
        "text": "Surfplattor hjälper medarbetare i hemtjänsten.",
        "tags": ["Surfplattor", ["Hemtjänst", "Äldreomsorg"][i % 2]],
        "municipalities": [["Laholm", "Halmstad"][i % 2]],
        "facets": {
            "municipality": [["laholm", "halmstad"][i % 2]],
            "year": [str(2020 + i % 4)],
        },
        "audience": [PUBLIC] if i % 4 else [MEMBERS],
        "boost": 1.0 + i / 10,
        "date": WHEN,
    }
    values.update(changes)
    return SearchDocument(**values)


@pytest.fixture
def backend(db):
    backend = DatabaseBackend()
    backend.rebuild([document(i) for i in range(12)])
    return backend


def assert_rows_follow_entries():
    """Every entry has exactly one match row, and it says what the entry and its
    facet rows say."""
    entries = {entry.pk: entry for entry in IndexEntry.objects.all()}
    rows = {row.pk: row for row in IndexMatch.objects.all()}
    assert set(rows) == set(entries)
    facets = {}
    for entry_id, name, value, label in IndexFacet.objects.order_by("id").values_list(
        "entry_id", "name", "value", "label"
    ):
        if name != "_audience":
            facets.setdefault(entry_id, {}).setdefault(name, []).append(
                f"{value}{SEPARATOR}{label}"
            )
    for pk, entry in entries.items():
        row = rows[pk]
        assert (row.type, row.language, row.audience, row.rank, row.date) == (
            entry.type,
            entry.language,
            entry.audience,
            entry.rank,
            entry.date,
        )
        assert row.facets == facets.get(pk, {})
    if connection.vendor == "postgresql":
        assert vectors_out_of_step() == []


def vectors_out_of_step():
    """PostgreSQL: the match rows whose vector or head is not what the entry's
    terms give (migration 0009's triggers keep them in step)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT e.doc_id FROM dela_search_indexentry e
            JOIN dela_search_indexmatch k ON k.entry_id = e.id
            WHERE k.head IS DISTINCT FROM
                setweight(to_tsvector('simple', e.title_terms), 'A')
                || setweight(to_tsvector('simple', e.meta_terms), 'B')
            OR k.vector IS DISTINCT FROM k.head
                || setweight(to_tsvector('simple', e.body_terms), 'D')
            ORDER BY e.doc_id"""
        )
        return [doc_id for (doc_id,) in cursor.fetchall()]


def search(backend, text="surfplattor", audience=(PUBLIC,), **filters):
    return backend.search(
        SearchRequest(
            text=text,
            audience=frozenset(audience),
            filters={name: [value] for name, value in filters.items()},
            facets=FACETS,
        )
    )


def counted_from_facet_rows(audience, **filters):
    """{facet: {value: count}} over the visible entries, from IndexFacet alone: for
    each facet, the entries with every chosen filter but its own."""
    visible = [
        entry
        for entry in IndexEntry.objects.all()
        if any(f"|{token}|" in entry.audience for token in audience)
    ]
    values = {
        entry.pk: {
            (name, value)
            for name, value in entry.facet_rows.values_list("name", "value")
        }
        for entry in visible
    }
    counts = {}
    for facet in FACETS:
        chosen = [
            entry.pk
            for entry in visible
            if all(
                (name, value) in values[entry.pk]
                for name, value in filters.items()
                if name != facet
            )
        ]
        counts[facet] = Counter(
            value for pk in chosen for name, value in values[pk] if name == facet
        )
    total = sum(
        all((name, value) in values[entry.pk] for name, value in filters.items())
        for entry in visible
    )
    return counts, total


def shown(results):
    return {
        name: {item.value: item.count for item in items if item.count}
        for name, items in results.facets.items()
    }


def test_each_entry_has_its_match_row(backend):
    assert IndexMatch.objects.count() == 12
    assert_rows_follow_entries()
    row = IndexMatch.objects.get(entry__doc_id="story:1")
    assert row.facets["municipality"] == [f"halmstad{SEPARATOR}Halmstad"]
    assert row.facets["type"][0].startswith(f"story{SEPARATOR}")


def test_rows_follow_changes_visibility_and_deletes(backend):
    changed = document(1, language="da", audience=[MEMBERS], boost=2.5)
    backend.index_documents([changed])
    assert_rows_follow_entries()
    row = IndexMatch.objects.get(entry__doc_id="story:1")
    assert (row.language, row.audience) == ("da", f"|{MEMBERS}|")
    # The change is what a search sees: hidden from the public, found by members.
    assert "story:1" not in [hit.doc_id for hit in search(backend).hits]
    assert "story:1" in [
        hit.doc_id for hit in search(backend, audience=(PUBLIC, MEMBERS)).hits
    ]
    backend.delete_documents(["story:1", "entry:3"])
    assert not IndexMatch.objects.filter(
        entry__doc_id__in=["story:1", "entry:3"]
    ).exists()
    assert_rows_follow_entries()
    backend.rebuild([document(i) for i in range(5)])
    assert_rows_follow_entries()
    assert IndexMatch.objects.count() == 5


@pytest.mark.parametrize(
    "audience, filters",
    [
        ((PUBLIC,), {}),
        ((PUBLIC, MEMBERS), {}),
        ((PUBLIC,), {"language": "sv"}),
        ((PUBLIC, MEMBERS), {"tag": "hemtjänst", "municipality": "laholm"}),
        ((PUBLIC, MEMBERS), {"type": "story", "year": "2021"}),
    ],
)
def test_facet_counts_equal_those_of_the_facet_rows(backend, audience, filters):
    results = search(backend, audience=audience, **filters)
    expected, total = counted_from_facet_rows(audience, **filters)
    assert shown(results) == {name: dict(counts) for name, counts in expected.items()}
    assert results.total == total > 0
    # The labels come with the counts: a municipality's name, a tag as written.
    labels = {item.value: item.label for item in results.facets["municipality"]}
    assert labels.get("laholm", "Laholm") == "Laholm"
    tags = {item.value: item.label for item in results.facets["tag"]}
    assert tags.get("äldreomsorg", "Äldreomsorg") == "Äldreomsorg"


def test_the_audience_holds_without_words(backend):
    public = search(backend, text="", type="story")
    members = search(backend, text="", audience=(PUBLIC, MEMBERS), type="story")
    hidden = {f"story:{i}" for i in range(12) if i % 3 and not i % 4}
    assert hidden and not hidden & {hit.doc_id for hit in public.hits}
    assert members.total == public.total + len(hidden)


def test_an_entry_without_its_match_row_is_drift_and_a_rebuild_restores_it(backend):
    IndexMatch.objects.filter(entry__doc_id="story:2").delete()
    assert "story:2" not in backend.indexed_checksums()
    if connection.vendor == "sqlite":  # SQLite's searches read the match rows
        assert "story:2" not in [hit.doc_id for hit in search(backend).hits]
    # A row that disagrees with its entry is drift too.
    IndexMatch.objects.filter(entry__doc_id="story:5").update(audience="|staff|")
    assert "story:5" not in backend.indexed_checksums()
    backend.rebuild([document(i) for i in range(12)])
    assert {"story:2", "story:5"} <= set(backend.indexed_checksums())
    assert_rows_follow_entries()


def test_migration_fills_rows_for_an_existing_index(backend):
    IndexMatch.objects.all().delete()
    migration = importlib.import_module("search.migrations.0007_index_match")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert_rows_follow_entries()
    assert len(backend.indexed_checksums()) == 12


def test_a_search_follows_an_entrys_terms_changed_in_place(backend):
    """What a search matches follows the entry's terms when they change in place: on
    SQLite through FTS5's triggers, on PostgreSQL through the match row's vector
    (migration 0009), where a row without its vector is drift that a rebuild
    repairs."""
    assert search(backend, "zebrafinkar").total == 0
    entry = IndexEntry.objects.get(doc_id="story:1")
    _title, _meta, body = analysed_fields(document(1, text="Zebrafinkar sjunger."))
    IndexEntry.objects.filter(pk=entry.pk).update(body_terms=body)
    found = search(backend, "zebrafinkar", audience=(PUBLIC, MEMBERS))
    assert [hit.doc_id for hit in found.hits] == ["story:1"]
    IndexEntry.objects.filter(pk=entry.pk).update(title_terms="zebrafinkar")
    found = search(backend, "zebrafinkar", audience=(PUBLIC, MEMBERS))
    assert [hit.doc_id for hit in found.hits] == ["story:1"]
    if connection.vendor != "postgresql":
        return
    assert vectors_out_of_step() == []
    with connection.cursor() as cursor:
        # The deferred foreign-key checks first: ALTER TABLE refuses pending ones.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE dela_search_indexmatch "
            "DISABLE TRIGGER dela_search_match_vector_trigger"
        )
        cursor.execute(
            "UPDATE dela_search_indexmatch SET vector = NULL WHERE entry_id = %s",
            [entry.pk],
        )
        cursor.execute(
            "ALTER TABLE dela_search_indexmatch "
            "ENABLE TRIGGER dela_search_match_vector_trigger"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert "story:1" not in backend.indexed_checksums()
    backend.rebuild([document(i) for i in range(12)])
    assert "story:1" in backend.indexed_checksums()
    assert_rows_follow_entries()
