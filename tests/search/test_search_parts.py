"""A match through a part of a word weighs less than a match of the whole word
(issue 16): "eldre" (elderly) finds the texts about older people before those about
"eldreomsorg" (elderly care) or classified as "Elderly care", on every backend; the
parts are still found, and a compound in the title still ranks as its title."""

import pytest

from search import analysis
from search.analysis import (
    ANALYSIS_VERSION,
    analyse_query,
    analyse_text,
    fingerprint,
    part_term,
    whole_words,
)
from search.backends import SearchRequest
from search.backends.database import DatabaseBackend
from search.registry import SearchDocument

pytestmark = pytest.mark.search_drift(
    "indexes synthetic documents, not the site's content"
)


def group_of(term):
    """The synonym token of the shipped group holding ``term``."""
    (token,) = analysis.synonym_table().whole_groups_of(term)
    return token


def test_a_compounds_parts_are_marked_and_its_whole_word_is_not():
    terms = analyse_text("Äldreomsorgen i Bergen", "sv")
    elderly, elderly_care = group_of("äldre"), group_of("äldreomsorg")
    assert elderly_care in terms  # the whole word's group
    assert part_term("aldre") in terms and part_term(elderly) in terms
    assert "aldre" not in terms and elderly not in terms
    # The word itself is whole.
    assert "aldre" in analyse_text("Äldre i Bergen", "sv")


def test_the_words_of_a_name_of_several_words_are_its_parts():
    """A taxonomy value's name: "Elderly care" is the sector, found whole by its
    name; "elderly" alone reaches it through a part, as "eldre" reaches
    "Eldreomsorg"."""
    elderly, elderly_care = group_of("elderly"), group_of("eldreomsorg")
    terms = analyse_text("Elderly care", "en", parts=False)
    assert elderly_care in terms
    assert part_term(elderly) in terms and elderly not in terms
    # One word: whole, compounds left whole.
    assert analyse_text("Eldreomsorg", "nb", parts=False)[0] == "eldreomsorg"
    assert part_term("eldr") not in analyse_text("Eldreomsorg", "nb", parts=False)


def test_a_query_word_matches_whole_words_and_parts_and_tells_them_apart():
    (word,) = analyse_query("eldre").words
    assert {"eldre", part_term("eldre")} <= word.alternatives
    (whole,) = whole_words([word])
    assert "eldre" in whole.alternatives
    assert not any(analysis.is_part_term(t) for t in whole.alternatives)
    # A group reached through a term that starts the query word is a part too.
    (word,) = analyse_query("kompetanseplatform").words
    assert group_of("kompetanse") in word.alternatives - word.whole_terms


def test_the_analysis_version_is_in_every_documents_checksum(monkeypatch):
    """After a change of the analysis, check_search_index reports every document
    as stale until rebuild_search analyses it again."""
    before = fingerprint()
    monkeypatch.setattr(analysis, "ANALYSIS_VERSION", ANALYSIS_VERSION + "-next")
    monkeypatch.setitem(analysis._synonym_cache, "table", None)
    assert fingerprint() != before


TEXTS = [
    # (title, summary, classification names)
    ("Kurs i Bergen", "Eldre lærer å bruke nettbrett på biblioteket.", []),
    ("Nattevakt i Bodø", "Eldreomsorgen tar i bruk digitalt tilsyn om natten.", []),
    (
        "Sensorer i Tromsø",
        "Hjemmetjenesten prøver sensorer.",
        [("en", "Elderly care"), ("nb", "Eldreomsorg")],
    ),
    ("Eldreomsorgen i Alta", "Nye verktøy for de ansatte.", []),
]


def corpus():
    return [
        SearchDocument(
            type="entry",
            key=str(number),
            title=title,
            url=f"/catalogue/{number}/",
            language="nb",
            summary=summary,
            classification=names,
        )
        for number, (title, summary, names) in enumerate(TEXTS, 1)
    ]


class PartTests:
    """Subclasses provide ``backend`` (indexed with ``corpus()``)."""

    def titles(self, backend, text):
        results = backend.search(SearchRequest(text=text, page_size=20))
        return [hit.title for hit in results.hits]

    def test_a_whole_word_ranks_above_parts(self, backend):
        found = self.titles(backend, "eldre")
        # Every text is found; the one saying "eldre" in its summary comes before
        # those saying it only inside a compound or a name of several words, though
        # they say it as strongly (summary, taxonomy).
        assert set(found) == {title for title, _s, _n in TEXTS}
        assert found.index("Kurs i Bergen") < found.index("Nattevakt i Bodø")
        assert found.index("Kurs i Bergen") < found.index("Sensorer i Tromsø")
        # A compound in the title still names what the document is about.
        assert found.index("Eldreomsorgen i Alta") < found.index("Nattevakt i Bodø")

    def test_the_whole_compound_is_whole(self, backend):
        found = self.titles(backend, "eldreomsorg")
        assert found[0] == "Eldreomsorgen i Alta"
        assert "Kurs i Bergen" not in found
        assert found.index("Nattevakt i Bodø") < len(found)


class TestPartsOnTheDatabase(PartTests):
    @pytest.fixture
    def backend(self, db):
        backend = DatabaseBackend()
        backend.rebuild(corpus())
        return backend


@pytest.mark.engine
class TestPartsOnTheEngine(PartTests):
    @pytest.fixture
    def backend(self, db, make_engine):
        DatabaseBackend().rebuild(corpus())  # the vocabulary, as in production
        backend = make_engine()
        backend.rebuild(corpus())
        return backend
