"""The shipped cross-language vocabulary (search/data/synonyms.txt): every group's
terms meet each other, English inflections reach them, and an English query finds
Nordic texts. Editors extend it in the admin (tests/search/test_search_api.py)."""

import pytest

from search.analysis import (
    SYNONYM_PREFIX,
    SynonymTable,
    analyse_query,
    analyse_text,
    shipped_synonym_groups,
)
from search.backends import SearchRequest
from search.backends.database import DatabaseBackend
from search.registry import SearchDocument

GROUPS = shipped_synonym_groups()


@pytest.fixture(scope="module")
def table():
    """The shipped groups alone (the editors' groups need the database)."""
    table = SynonymTable()
    for index, terms in enumerate(GROUPS):
        table.add_group(f"{SYNONYM_PREFIX}{index}", terms)
    return table


@pytest.mark.parametrize(
    "index", range(len(GROUPS)), ids=[terms[0] for terms in GROUPS]
)
def test_each_group_joins_its_terms(table, index):
    token = f"{SYNONYM_PREFIX}{index}"
    terms = GROUPS[index]
    assert len(terms) >= 2
    for term in terms:
        words = analyse_query(term, table).words
        assert any(token in word.alternatives for word in words), term
        assert token in analyse_text(f"Om {term} i kommunen", None, table), term


def test_the_fields_words_are_there_in_english():
    english = {term for terms in GROUPS for term in terms}
    for term in (
        "elderly care",
        "welfare technology",
        "digital ambassador",
        "home care",
        "telecare",
        "digital supervision",
        "library",
        "school",
        "social care",
        "nursing home",
        "employees",
        "managers",
        "citizens",
        "young people",
        "politicians",
        "leadership",
        "competence platform",
        "inspiration catalogue",
        "nurse",
        "teacher",
        "librarian",
    ):
        assert term in english, term


INFLECTED = {
    "libraries": "bibliotek",
    "schools": "skola",
    "digital ambassadors": "digitaliseringsombud",
    "welfare technologies": "välfärdsteknik",
    "nursing homes": "sykehjem",
    "care homes": "plejehjem",
    "networking": "nätverk",
    "remote supervising": "digitalt tilsyn",
    "medicine dispensers": "läkemedelsrobot",
    "competence profiles": "kompetenceprofil",
}


@pytest.mark.parametrize("english", sorted(INFLECTED))
def test_inflected_english_reaches_the_nordic_word(table, english):
    nordic = set(analyse_text(INFLECTED[english], "sv", table))
    words = analyse_query(english, table).words
    assert len(words) == 1, words
    assert words[0].alternatives & nordic


TEXTS = [
    ("sv", "Äldreomsorgen i Kalmar prövar nattillsyn med kamera"),
    ("da", "Ældreplejen i Aarhus får medicindispensere"),
    ("nb", "Biblioteket i Bodø hjelper med BankID"),
    ("sv", "Lärarna i Laholm delar lektioner"),
]


@pytest.mark.search_drift("indexes synthetic documents, not the site's content")
@pytest.mark.django_db
def test_english_queries_find_nordic_texts():
    backend = DatabaseBackend()
    backend.rebuild(
        SearchDocument(
            type="entry",
            key=str(n),
            title=title,
            url=f"/catalogue/{n}/",
            language=language,
        )
        for n, (language, title) in enumerate(TEXTS)
    )

    def titles(text):
        return {hit.title for hit in backend.search(SearchRequest(text=text)).hits}

    assert titles("elderly care") == {TEXTS[0][1], TEXTS[1][1]}
    assert titles("telecare") == {TEXTS[0][1]}
    assert titles("digital supervision") == {TEXTS[0][1]}
    assert titles("medication robots") == {TEXTS[1][1]}
    assert titles("public libraries") == {TEXTS[2][1]}
    assert titles("teachers") == {TEXTS[3][1]}


@pytest.mark.search_drift("indexes synthetic documents, not the site's content")
@pytest.mark.django_db
def test_a_new_editors_group_reaches_documents_indexed_before_it():
    """A rebuild analyses every document again after the word lists or the editors'
    groups change (the analysis is part of each document's checksum): before, it
    kept the documents whose own text had not changed, without the new group."""
    from search.models import Synonym

    backend = DatabaseBackend()
    document = SearchDocument(
        type="entry", key="1", title="Sebrafinkar i Laholm", url="/x/", language="sv"
    )
    backend.rebuild([document])
    assert backend.search(SearchRequest(text="zebrafinch")).total == 0
    Synonym.objects.create(terms="sebrafink, zebrafinch")
    backend.rebuild([document])
    assert backend.search(SearchRequest(text="zebrafinch")).total == 1
