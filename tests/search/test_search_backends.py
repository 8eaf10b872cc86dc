"""The same behaviour proven on each backend (Wagtail's BackendTests pattern)."""

from datetime import UTC, datetime

import pytest

from search.backends import SearchRequest
from search.backends.database import DatabaseBackend
from search.registry import MEMBERS, PUBLIC, Cue, SearchDocument, group_token

pytestmark = pytest.mark.search_drift(
    "indexes synthetic documents, not the site's content"
)

HOSTILE = [
    '"unbalanced',
    "NEAR(a b",
    "*",
    "^title",
    "-minus -",
    "'; DROP TABLE dela_search_indexentry; --",
    "a" * 10_000,
    "\x00\x01\x1f kontroll \x7f",
    "😀 🇸🇪 välfärd 🔥",
    "title:x AND OR NOT ( ) { } [ ]",
    "\u202e\u200b",
]


def documents():
    when = datetime(2025, 5, 1, tzinfo=UTC)
    return [
        SearchDocument(
            type="story",
            key="1",
            title="Välfärdsteknik i hemtjänsten",
            url="/stories/valfard/",
            language="sv",
            summary="Digitaliseringsombud hjälper äldre med surfplattor.",
            tags=["Välfärdsteknik"],
            municipalities=["Laholm"],
            facets={"municipality": ["laholm"], "country": ["SE"]},
            date=when,
        ),
        SearchDocument(
            type="entry",
            key="2",
            title="Velferdsteknologi i hjemmetjenesten",
            url="/catalogue/velferd/",
            language="nb",
            summary="Ambassadører lærer opp kolleger.",
            tags=["Velferdsteknologi"],
            municipalities=["Bergen"],
            facets={"municipality": ["bergen"], "country": ["NO"]},
            boost=1.5,
            date=when,
        ),
        SearchDocument(
            type="video",
            key="3",
            title="Skärmbesök förklarat",
            url="/videos/skarm/",
            language="sv",
            summary="En film.",
            cues=[Cue(0, "Hej och välkommen"), Cue(42.5, "Här visar vi byggesøknad")],
            facets={"country": ["SE"]},
        ),
        SearchDocument(
            type="thread",
            key="4",
            title="Hemlig gruppfråga om välfärdsteknik",
            url="/network/t/4/",
            language="sv",
            summary="Hemligt sekretessord zebrafink.",
            tags=["Hemligtagg"],
            municipalities=["Hemligby"],
            facets={"municipality": ["hemligby"]},
            audience=[group_token(99)],
        ),
        SearchDocument(
            type="profile",
            key="5",
            title="Maja Medlemsdotter",
            url="/ambassadors/maja/",
            language="sv",
            summary="Ambassadör för välfärdsteknik.",
            audience=[MEMBERS],
        ),
    ]


class BackendTests:
    """Subclasses provide ``backend`` (a fixture yielding an empty, ready backend)."""

    def search(self, backend, text="", audience=(PUBLIC,), **kwargs):
        return backend.search(
            SearchRequest(text=text, audience=frozenset(audience), **kwargs)
        )

    def titles(self, results):
        return [hit.title for hit in results.hits]

    def test_finds_across_languages_and_folding(self, backend):
        for text in ("välfärdsteknik", "valfardsteknik", "welfare technology"):
            titles = self.titles(self.search(backend, text))
            assert "Välfärdsteknik i hemtjänsten" in titles, text
            assert "Velferdsteknologi i hjemmetjenesten" in titles, text

    def test_compound_part_and_caption_link(self, backend):
        results = self.search(backend, "søknad")
        assert [hit.link for hit in results.hits] == ["/videos/skarm/#t=42"]
        assert "<mark>" in results.hits[0].snippet

    def test_private_never_leaks(self, backend):
        results = self.search(backend, "zebrafink")
        assert results.total == 0 and not results.hits
        everything = self.search(backend, "välfärdsteknik")
        assert "Hemlig" not in str(everything.facets)
        assert all(hit.type != "thread" for hit in everything.hits)
        members_only = self.search(backend, "Medlemsdotter")
        assert members_only.total == 0
        assert self.search(
            backend, "zebrafink", audience=(PUBLIC, group_token(99))
        ).total
        assert self.search(backend, "Medlemsdotter", audience=(PUBLIC, MEMBERS)).total
        completions = backend.autocomplete("Hemlig", {PUBLIC})
        assert completions == []

    def test_facets_count_and_filter(self, backend):
        results = self.search(backend, "välfärdsteknik", filters={"country": ["NO"]})
        assert self.titles(results) == ["Velferdsteknologi i hjemmetjenesten"]
        countries = {f.value: f.count for f in results.facets["country"]}
        assert countries == {"SE": 1, "NO": 1}  # the country facet ignores its choice
        types = {f.value: f.count for f in results.facets["type"]}
        assert types == {"entry": 1}

    def test_typo_gives_results_and_suggestion(self, backend):
        results = self.search(backend, "hemtjänstn")
        assert results.total >= 1
        assert results.suggestion == "hemtjänsten"  # a real spelling, å ä ö kept

    def test_hostile_queries_never_fail(self, backend):
        for text in HOSTILE:
            from search.query import clean_query

            results = self.search(backend, clean_query(text))
            assert results.total >= 0
            results = self.search(backend, text[:300])
            assert results.total >= 0

    def test_empty_results_are_an_object(self, backend):
        results = self.search(backend, "")
        assert results.total == 0 and list(results) == [] and not results

    def test_delete(self, backend):
        backend.delete_documents(["story:1"])
        assert "Välfärdsteknik i hemtjänsten" not in self.titles(
            self.search(backend, "välfärdsteknik")
        )


class TestDatabaseBackend(BackendTests):
    @pytest.fixture
    def backend(self, db):
        backend = DatabaseBackend()
        backend.rebuild(documents())
        return backend

    def test_rebuild_keeps_unchanged_and_reports_checksums(self, backend):
        before = backend.indexed_checksums()
        assert len(before) == 5
        docs = documents()[:2]
        backend.rebuild(docs)
        assert set(backend.indexed_checksums()) == {"story:1", "entry:2"}


@pytest.mark.engine
class TestEngineBackend(BackendTests):
    """The same behaviour on a live OpenSearch node (`make test` starts one)."""

    @pytest.fixture
    def backend(self, db, make_engine):
        # "Did you mean" reads the vocabulary the database backend keeps beside every
        # engine, as in production.
        DatabaseBackend().rebuild(documents())
        backend = make_engine()
        backend.rebuild(documents())
        return backend

    def test_rebuild_swaps_the_alias_and_drops_the_old_index(self, backend):
        first = backend.connection.alias_targets(backend.alias)
        backend.rebuild(documents()[:2])
        second = backend.connection.alias_targets(backend.alias)
        assert len(first) == len(second) == 1 and first != second
        assert backend.connection.indices(f"{backend.alias}-*") == second
        assert set(backend.indexed_checksums()) == {"story:1", "entry:2"}
