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


def test_mapping_has_nordic_analysers():
    mapping = document_class("dela-test")._index.to_dict()
    analysis = mapping["settings"]["analysis"]
    assert {"dela_sv", "dela_nb", "dela_da", "dela_en"} <= set(analysis["analyzer"])
    filters = analysis["filter"]
    assert filters["dela_stem_sv"] == {"type": "snowball", "language": "Swedish"}
    synonyms = filters["dela_synonyms"]["synonyms"]
    assert any(
        "välfärdsteknik" in line and "velferdsteknologi" in line for line in synonyms
    )
    assert "ombud" in filters["dela_decompound"]["word_list"]
    properties = mapping["mappings"]["properties"]
    assert properties["suggest"]["type"] == "completion"
    assert properties["title"]["fields"]["da"]["analyzer"] == "dela_da"


def test_every_evaluation_query_builds_the_expected_body():
    for case in load_set():
        body = build_search("dela", SearchRequest(text=case["q"])).to_dict()
        scored = body["query"]["function_score"]
        match = scored["query"]["bool"]["must"][0]["multi_match"]
        assert match["query"] == case["q"] and match["fuzziness"] == "AUTO"
        assert scored["query"]["bool"]["filter"] == [
            {"terms": {"audience": ["public"]}}
        ]
        assert "f_type" in body["aggs"] and body["highlight"]["pre_tags"] == ["<mark>"]


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
