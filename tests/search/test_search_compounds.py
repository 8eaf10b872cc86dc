"""Productive decompounding (search/compounds.py): compounds the shipped lexicon does
not know are found by their parts, and texts using the parts by the compound, on
each backend; short heads and derivational endings do not flood the results."""

import pytest

from search import compounds
from search.analysis import analyse_query, fold, lexicon
from search.backends import SearchRequest
from search.backends.database import DatabaseBackend
from search.registry import SearchDocument

pytestmark = pytest.mark.search_drift(
    "indexes synthetic documents, not the site's content"
)

# Real compounds; none of them, nor their parts, is in data/lexicon.txt.
TEXTS = [
    (
        "sv",
        "Bostadsanpassningen går snabbare",
        "Ansökan om bostadsanpassning görs nu "
        "digitalt, och beslutet kommer inom en vecka.",
    ),
    (
        "sv",
        "En bostad för livet",
        "Anpassning av en bostad så att äldre kan bo "
        "kvar hemma, med stöd av arbetsterapeuten.",
    ),
    (
        "nb",
        "Sykehjemsbeboerne fikk nettbrett",
        "Beboerne på sykehjemmet ringer nå familien på video.",
    ),
    (
        "nb",
        "Et sykehjem i Bodø",
        "Ansatte på et sykehjem lærer å bruke digitale verktøy.",
    ),
    ("nb", "Journal for hver pasient", "Hver pasient får se sin journal på nett."),
    (
        "da",
        "Genoptræningsforløbet bliver digitalt",
        "Borgerne følger deres genoptræningsforløb i en app.",
    ),
    ("da", "Genoptræning hjemme", "Genoptræning efter en operation kan ske hjemme."),
    # For precision: derivations and short endings that are not heads.
    (
        "sv",
        "Utbildningen av medarbetare",
        "Möjligheter och svårigheter med utbildningen, och ledningen av den.",
    ),
    (
        "sv",
        "Ingen kö",
        "Ingen behöver vänta: det heter självservice och är möjlig för alla.",
    ),
]


def corpus():
    return [
        SearchDocument(
            type="entry",
            key=str(number),
            title=title,
            url=f"/catalogue/{number}/",
            language=language,
            summary=text,
        )
        for number, (language, title, text) in enumerate(TEXTS, 1)
    ]


def test_the_test_compounds_are_not_in_the_lexicon():
    parts = lexicon()
    for word in (
        "bostad",
        "anpassning",
        "sykehjem",
        "beboere",
        "pasient",
        "journal",
        "genoptraning",
        "forlob",
    ):
        assert fold(word) not in parts, word


class CompoundTests:
    """Subclasses provide ``backend`` (indexed with ``corpus()``)."""

    def titles(self, backend, text):
        results = backend.search(SearchRequest(text=text, page_size=20))
        return [hit.title for hit in results.hits]

    def test_a_head_finds_the_compound(self, backend):
        assert "Bostadsanpassningen går snabbare" in self.titles(backend, "anpassning")
        assert "Sykehjemsbeboerne fikk nettbrett" in self.titles(backend, "beboere")
        assert "Genoptræningsforløbet bliver digitalt" in self.titles(backend, "forløb")
        # Folded and inflected heads too.
        assert "Genoptræningsforløbet bliver digitalt" in self.titles(
            backend, "forlobet"
        )

    def test_a_compound_finds_texts_using_its_parts(self, backend):
        found = self.titles(backend, "bostadsanpassning")
        assert set(found) == {"Bostadsanpassningen går snabbare", "En bostad för livet"}
        assert "Journal for hver pasient" in self.titles(backend, "pasientjournalen")
        found = self.titles(backend, "sykehjemsansatte")
        assert found == ["Et sykehjem i Bodø"]

    def test_a_compound_query_suggests_nothing_and_keeps_its_spelling(self, backend):
        results = backend.search(SearchRequest(text="pasientjournalen"))
        assert results.suggestion == ""

    def test_derivations_and_short_heads_do_not_match(self, backend):
        # "ingen" ends "utbildningen", "heter" ends "möjligheter": no heads.
        assert self.titles(backend, "ingen") == ["Ingen kö"]
        assert self.titles(backend, "heter") == ["Ingen kö"]
        # Four letters is too short for a head: "stad" does not find "bostad",
        # "ning" not "anpassning".
        for short in ("stad", "ning"):
            assert "Bostadsanpassningen går snabbare" not in self.titles(backend, short)


class TestCompoundsOnTheDatabase(CompoundTests):
    @pytest.fixture
    def backend(self, db):
        backend = DatabaseBackend()
        backend.rebuild(corpus())
        return backend


@pytest.mark.engine
class TestCompoundsOnTheEngine(CompoundTests):
    """The engine indexes the same terms and takes the same decompounded query."""

    @pytest.fixture
    def backend(self, db, make_engine):
        DatabaseBackend().rebuild(corpus())  # the vocabulary, as in production
        backend = make_engine()
        backend.rebuild(corpus())
        return backend


@pytest.mark.django_db
def test_split_needs_both_parts_in_the_vocabulary():
    DatabaseBackend().rebuild(corpus())
    assert compounds.split("bostadsanpassning") == ("bostad", "anpassning")
    assert compounds.split("sykehjemsbeboerne") == ("sykehjem", "beboerne")
    # The head must be a word of the index: "forløb" alone is in no text.
    assert compounds.split("genoptraningsforlobet") is None
    # "utbildn" is no word of the vocabulary: no split at "ingen"/"ningen".
    assert compounds.split("utbildningen") is None
    # A modifier of four letters is too short ("hus" + "anpassning" is no match).
    assert compounds.split("husanpassning") is None


@pytest.mark.django_db
def test_a_head_finds_at_most_a_bounded_number_of_compounds():
    documents = [
        SearchDocument(
            type="entry",
            key=str(n),
            title=f"{word}sanpassning",
            url=f"/x/{n}/",
            language="sv",
            summary=f"{word}",
        )
        for n, word in enumerate(
            [
                f"{stem}{suffix}"
                for stem in ("bostad", "arbet", "skrivar")
                for suffix in ("a", "e", "i", "o", "u", "y", "ar", "or", "er", "ir")
            ]
        )
    ]
    DatabaseBackend().rebuild(documents)
    word = analyse_query("anpassning").words[0]
    found = compounds.compounds_with_head(word)
    assert len(found) == compounds.MAX_COMPOUNDS
