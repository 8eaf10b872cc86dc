from search.analysis import (
    analyse_query,
    analyse_text,
    edit_distance,
    fold,
    split_compound,
    stem,
)


def test_folding_takes_nordic_letters_apart():
    assert fold("Välfärd Ærø Øresund Åland") == "valfard aro oresund aland"


def test_stems_per_language():
    assert stem("kommunerna", "sv") == stem("kommunen", "sv")
    assert stem("kommunene", "nb") == stem("kommunen", "nb")
    assert stem("medarbejderne", "da") == stem("medarbejder", "da")


def test_compounds_split_on_the_lexicon():
    assert split_compound(fold("digitaliseringsombud")) == ["digitalisering", "ombud"]
    assert split_compound(fold("byggesøknaden")) == ["bygg", "soknad"]
    assert split_compound("kommun") == []


def test_query_terms_meet_document_terms():
    document = set(analyse_text("Byggesøknader i kommunen", "nb"))
    word = analyse_query("søknad").words[0]
    assert word.alternatives & document


def test_synonyms_cross_languages():
    swedish = set(analyse_text("Välfärdsteknik i hemtjänsten", "sv"))
    for query in ("velferdsteknologi", "velfærdsteknologi", "welfare technology"):
        words = analyse_query(query).words
        assert len(words) == 1
        assert words[0].alternatives & swedish, query


def test_edit_distance_counts_swaps_once():
    assert edit_distance("bibloteket", "biblioteket") == 1
    assert edit_distance("kommnue", "kommune") == 1
    assert edit_distance("abc", "xyzabc", limit=2) == 3
