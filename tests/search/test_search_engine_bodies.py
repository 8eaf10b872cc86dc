"""The engine backend's mappings and request bodies, and how it picks its client (no
server needed: this is how the Elasticsearch 9 side is tested; the OpenSearch side also
runs live, tests/search/test_search_engine_live.py)."""

from search.backends import SearchRequest, SearchUnavailable
from search.backends.engine import (
    EngineBackend,
    build_search,
    document_class,
    to_source,
)
from search.evaluation import load_set
from tests.search.test_search_backends import documents


def test_mapping_matches_on_the_shared_analysis():
    mapping = document_class("dela-test")._index.to_dict()
    properties = mapping["mappings"]["properties"]
    for field in ("title_terms", "meta_terms", "body_terms"):
        assert properties[field] == {"type": "text", "analyzer": "whitespace"}
    # Texts are kept for cards and snippets, never matched on.
    assert properties["title"]["index"] is False
    assert properties["suggest"]["type"] == "completion"
    assert properties["suggest"]["contexts"] == [
        {"name": "audience", "type": "category", "path": "audience"}
    ]
    assert properties["facet_municipality"]["type"] == "keyword"
    assert properties["labelled_municipality"]["type"] == "keyword"
    analysis = mapping["settings"]["analysis"]
    assert analysis["analyzer"]["dela_folding"]["filter"] == [
        "lowercase",
        "asciifolding",
    ]


def test_every_evaluation_query_builds_the_expected_body():
    from search.analysis import analyse_query

    for case in load_set():
        words = analyse_query(case["q"]).words
        body = build_search("dela", SearchRequest(text=case["q"])).to_dict()
        scored = body["query"]["function_score"]
        assert scored["functions"] == [
            {"field_value_factor": {"field": "rank", "missing": 1}}
        ]
        each = scored["query"]["bool"]["must"][0]["bool"]["must"]
        assert len(each) == len(words)
        for clause, word in zip(each, words, strict=True):
            match = clause["multi_match"]
            assert set(match["query"].split()) <= word.alternatives
            assert match["type"] == "cross_fields" and match["operator"] == "or"
        assert scored["query"]["bool"]["filter"] == [
            {"terms": {"audience": ["public"]}}
        ]
        assert "f_type" in body["aggs"] and "highlight" not in body


def test_any_word_mode_needs_one_of_the_words():
    from search.analysis import analyse_query

    words = analyse_query("hemtjänst zebrafink").words
    body = build_search("dela", SearchRequest(text="x"), words, mode="or").to_dict()
    matching = body["query"]["function_score"]["query"]["bool"]["must"][0]["bool"]
    assert len(matching["should"]) == 2 and matching["minimum_should_match"] == 1


def test_facet_counts_ignore_their_own_choice():
    request = SearchRequest(text="x", filters={"country": ["SE"], "type": ["story"]})
    body = build_search("dela", request).to_dict()
    assert body["post_filter"]["bool"]["filter"] == [
        {"terms": {"facet_country": ["SE"]}},
        {"terms": {"doc_type": ["story"]}},
    ]
    country = body["aggs"]["f_country"]["filter"]["bool"]["filter"]
    assert country == [{"terms": {"doc_type": ["story"]}}]


def test_source_of_a_document():
    source = to_source(documents()[2])
    assert source["cue_starts"] == [0, 42.5]
    assert source["audience"] == ["public"]
    assert source["suggest"][0]["input"][0] == "Skärmbesök förklarat"
    # The database backend's terms: the caption's compound is also its parts.
    assert "soknad" in source["body_terms"].split()
    assert "skarmbesok" in source["title_terms"].split()
    assert source["rank"] > 0


def test_unreachable_server_falls_back(settings, db, client, english):
    settings.SEARCH_ENGINE_URL = "http://127.0.0.1:9"
    from search.backends import _cache
    from search.backends.database import DatabaseBackend

    _cache.clear()
    DatabaseBackend().rebuild(documents())
    backend = EngineBackend(url="http://127.0.0.1:9")
    try:
        backend.search(SearchRequest(text="x"))
    except SearchUnavailable:
        pass
    else:  # pragma: no cover
        raise AssertionError("expected SearchUnavailable")
    page = client.get("/search/", {"q": "välfärdsteknik"}).content.decode()
    assert "/stories/valfard/" in page and "simpler mode" in page
    assert client.get("/api/search/", {"q": "x"}).json()["backend"] == "database"
    assert client.get("/healthz").json()["search"] == "degraded"
