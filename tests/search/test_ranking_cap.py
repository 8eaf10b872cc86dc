"""The database backend ranks a bounded set of candidates precisely
(``SEARCH_RANK_CANDIDATES``): a search matching more documents than that still finds
the best-ranked ones first, counts every match and pages through all of them once.
Runs on whichever database the suite runs on (SQLite and PostgreSQL in `make test`)."""

from datetime import UTC, datetime

import pytest

from search.backends import SearchRequest
from search.backends.database import DatabaseBackend
from search.registry import PUBLIC, SearchDocument

pytestmark = pytest.mark.search_drift(
    "indexes synthetic documents, not the site's content"
)

WHEN = datetime(2025, 5, 1, tzinfo=UTC)
TITLED = 3  # documents naming the word in their title
BODY_ONLY = 9  # documents saying it in their text only


def documents():
    """Twelve documents about "zebrafinkar": three name them in the title, nine only
    in the text (some of those boosted, so a rank alone would put them first), and
    one document that does not match."""
    docs = [
        SearchDocument(
            type="story",
            key=f"titled-{i}",
            title=f"Zebrafinkar i kommun {i}",
            url=f"/stories/titled-{i}/",
            language="sv",
            summary="Om fåglar i hemtjänsten.",
            text="En berättelse om fåglar och välfärdsteknik.",
            date=WHEN,
        )
        for i in range(TITLED)
    ]
    docs += [
        SearchDocument(
            type="entry",
            key=f"body-{i}",
            title=f"Fågelprojekt {i}",
            url=f"/catalogue/body-{i}/",
            language="sv",
            summary="Ett projekt om fåglar.",
            text="Vi har zebrafinkar på äldreboendet. " + "Fåglar sjunger. " * i,
            boost=1.0 + i / 10,
            date=WHEN,
        )
        for i in range(BODY_ONLY)
    ]
    docs.append(
        SearchDocument(
            type="entry",
            key="other",
            title="Surfplattor",
            url="/catalogue/other/",
            language="sv",
            summary="Inget om fåglar.",
            date=WHEN,
        )
    )
    return docs


@pytest.fixture
def backend(db):
    backend = DatabaseBackend()
    backend.rebuild(documents())
    return backend


def search(backend, page=1, page_size=20, text="zebrafinkar", **filters):
    return backend.search(
        SearchRequest(
            text=text,
            audience=frozenset({PUBLIC}),
            page=page,
            page_size=page_size,
            filters={name: [value] for name, value in filters.items()},
        )
    )


def keys(results):
    return [hit.doc_id for hit in results.hits]


def test_more_matches_than_candidates_keeps_the_best_first_and_the_total(
    backend, settings
):
    settings.SEARCH_RANK_CANDIDATES = 1000
    uncapped = search(backend)
    assert uncapped.total == TITLED + BODY_ONLY
    # The documents with the word in their title come first (the title factor).
    assert {key.split(":")[1] for key in keys(uncapped)[:TITLED]} == {
        f"titled-{i}" for i in range(TITLED)
    }

    settings.SEARCH_RANK_CANDIDATES = 4
    capped = search(backend)
    # Every match is counted, not only the candidates.
    assert capped.total == TITLED + BODY_ONLY
    assert len(capped.hits) == TITLED + BODY_ONLY
    # The candidates hold the best-ranked documents, in the same order as without
    # a cap: the first four are those an uncapped search puts first.
    assert keys(capped)[:4] == keys(uncapped)[:4]
    assert set(keys(capped)) == set(keys(uncapped))

    # The facets still count every match (not only the candidates).
    types = {facet.value: facet.count for facet in capped.facets["type"]}
    assert types == {"story": TITLED, "entry": BODY_ONLY}


def test_paging_past_the_candidates_shows_every_match_once(backend, settings):
    settings.SEARCH_RANK_CANDIDATES = 4
    seen = []
    for page in range(1, 5):
        results = search(backend, page=page, page_size=3)
        assert results.total == TITLED + BODY_ONLY
        assert len(results.hits) == 3
        seen += keys(results)
    assert len(seen) == len(set(seen)) == TITLED + BODY_ONLY
    assert {key.split(":")[1] for key in seen[:TITLED]} == {
        f"titled-{i}" for i in range(TITLED)
    }
    # Past the last page: nothing, and the total still counts.
    past = search(backend, page=5, page_size=3)
    assert past.hits == [] and past.total == TITLED + BODY_ONLY


def test_the_candidates_are_chosen_after_the_filters(backend, settings):
    """A filter applies before the cap: a language or type filter keeps matches
    that are not among the best of the unfiltered search."""
    settings.SEARCH_RANK_CANDIDATES = 2
    entries = search(backend, type="entry")
    assert entries.total == BODY_ONLY
    assert {key.split(":")[0] for key in keys(entries)} == {"entry"}
    assert len(keys(entries)) == BODY_ONLY
    assert search(backend, language="sv").total == TITLED + BODY_ONLY
    assert search(backend, language="da").total == 0


def test_only_the_candidates_get_the_full_score(db, settings):
    """A document that says the word once in its summary (the meta factor) against a
    boosted one that says it twice in its text (and ten that do not say it): the
    cheap score (rank times the title or meta factor on PostgreSQL; bm25 with column
    weights times rank on SQLite) puts the boosted one first, the full score the
    summary one. With one candidate only the cheap order's first is ranked in full;
    with two both are."""
    backend = DatabaseBackend()
    backend.rebuild(
        [
            SearchDocument(
                type="entry",
                key="summary",
                title="Fågelprojekt",
                url="/catalogue/summary/",
                language="sv",
                summary="Zebrafinkar på äldreboendet.",
                text="Vi har fåglar på boendet.",
                date=WHEN,
            ),
            SearchDocument(
                type="entry",
                key="boosted",
                title="Fågelprojektet",
                url="/catalogue/boosted/",
                language="sv",
                summary="Fåglar på äldreboendet.",
                text="Vi har zebrafinkar. Fåglar sjunger. " * 2,
                boost=1.8,
                date=WHEN,
            ),
        ]
        + [
            SearchDocument(
                type="entry",
                key=f"other-{i}",
                title=f"Surfplattor {i}",
                url=f"/catalogue/other-{i}/",
                language="sv",
                summary="Inget om fåglar.",
                text="Surfplattor på biblioteket.",
                date=WHEN,
            )
            for i in range(10)
        ]
    )
    settings.SEARCH_RANK_CANDIDATES = 2
    assert keys(search(backend)) == ["entry:summary", "entry:boosted"]
    settings.SEARCH_RANK_CANDIDATES = 1
    assert keys(search(backend)) == ["entry:boosted", "entry:summary"]
