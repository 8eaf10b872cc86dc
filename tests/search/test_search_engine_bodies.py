"""The engine backend's mappings and request bodies, and how it picks its client (no
server needed: this is how the Elasticsearch 9 side is tested; the OpenSearch side also
runs live, tests/search/test_search_engine_live.py)."""

import http.server
import json
import threading

import pytest

from search import compounds
from search.backends import SearchRequest, SearchUnavailable
from search.backends.engine import (
    EngineBackend,
    build_search,
    document_class,
    to_source,
)
from search.evaluation import load_set
from tests.search.test_search_backends import documents

pytestmark = pytest.mark.search_drift(
    "indexes synthetic documents, not the site's content"
)


def test_mapping_matches_on_the_shared_analysis():
    mapping = document_class("dela-test")._index.to_dict()
    properties = mapping["mappings"]["properties"]
    for field in ("title_terms", "meta_terms", "body_terms"):
        assert properties[field] == {
            "type": "text",
            "analyzer": "whitespace",
            "similarity": "dela_terms",
        }
    # Less length normalisation than BM25's default (a short profile outranked the
    # items naming the word in their summaries).
    assert mapping["settings"]["similarity"]["dela_terms"] == {
        "type": "BM25",
        "b": 0.5,
        "k1": 1.2,
    }
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
    from search.analysis import (
        EXACT_FACTOR,
        META_FACTOR,
        TITLE_FACTOR,
        WHOLE_FACTOR,
        analyse_query,
    )

    for case in load_set():
        words = analyse_query(case["q"]).words
        body = build_search("dela", SearchRequest(text=case["q"])).to_dict()
        scored = body["query"]["function_score"]
        functions = scored["functions"]
        assert functions[0] == {"field_value_factor": {"field": "rank", "missing": 1}}
        # Title (4), else whole words in title or meta (1.5), whole words anywhere
        # or every word in the title (2), the words' own forms (1.15).
        weights = [f["weight"] for f in functions[1:]]
        assert weights[:3] == [TITLE_FACTOR, META_FACTOR, WHOLE_FACTOR]
        assert weights[3:] in ([], [EXACT_FACTOR])
        assert (TITLE_FACTOR, META_FACTOR, WHOLE_FACTOR, EXACT_FACTOR) == (
            4.0,
            1.5,
            2.0,
            1.15,
        )
        meta_only = functions[2]["filter"]["bool"]
        assert meta_only["must_not"] == [functions[1]["filter"]]
        assert scored["score_mode"] == "multiply"
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
    assert "zpartsoknad" in source["body_terms"].split()
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


# --- Elasticsearch 9 on the wire ------------------------------------------------------
# No Elasticsearch distribution can be installed here: a small HTTP server answers as
# Elasticsearch 9 does (its root endpoint, the product header, an alias, one hit), so
# the official client's requests can be read: headers, path and body.


class _FakeEngine(http.server.BaseHTTPRequestHandler):
    root = {}
    requests = []

    def log_message(self, *args):
        pass

    def _answer(self, status, payload=None):
        body = json.dumps(payload or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.requests.append(
            ("HEAD", self.path, {k.lower(): v for k, v in self.headers.items()}, None)
        )
        self._answer(200 if self.path.startswith("/_alias/") else 404)

    def do_GET(self):
        self.requests.append(
            ("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, None)
        )
        if self.path == "/":
            return self._answer(200, self.root)
        if self.path.startswith("/_alias/"):
            return self._answer(200, {"dela-1": {"aliases": {"dela": {}}}})
        return self._answer(404, {"error": "not here"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        self.requests.append(
            ("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        source = to_source(documents()[0])
        self._answer(
            200,
            {
                "hits": {
                    "total": {"value": 1, "relation": "eq"},
                    "hits": [{"_id": "story:1", "_score": 2.0, "_source": source}],
                },
                "aggregations": {
                    "f_country": {
                        "values": {
                            "buckets": [{"key": "SE\x1fSverige", "doc_count": 1}]
                        }
                    }
                },
            },
        )


@pytest.fixture
def fake_engine():
    _FakeEngine.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeEngine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


ELASTICSEARCH_ROOT = {
    "name": "es-1",
    "version": {"number": "9.1.0", "build_flavor": "default"},
    "tagline": "You Know, for Search",
}
OPENSEARCH_ROOT = {
    "name": "os-1",
    "version": {"distribution": "opensearch", "number": "3.1.0"},
    "tagline": "The OpenSearch Project: https://opensearch.org/",
}


@pytest.mark.django_db
def test_elasticsearch_9_gets_the_same_body_with_its_headers(fake_engine):
    _server, url = fake_engine
    _FakeEngine.root = ELASTICSEARCH_ROOT
    backend = EngineBackend(url=url, index="dela")
    request = SearchRequest(text="välfärdsteknik")
    results = backend.search(request)
    assert backend.name == "elasticsearch"
    assert [hit.title for hit in results.hits] == ["Välfärdsteknik i hemtjänsten"]
    assert "<mark>" in results.hits[0].title_html
    country = results.facets["country"]
    assert [(f.value, f.label, f.count) for f in country] == [("SE", "Sverige", 1)]
    (method, path, headers, body) = _FakeEngine.requests[-1]
    assert (method, path) == ("POST", "/dela/_search")
    assert "compatible-with=9" in headers["accept"]
    assert "compatible-with=9" in headers["content-type"]
    words = compounds.analyse(request.text).words  # decompounded, as the backend
    assert body == build_search("dela", request, words).to_dict()


@pytest.mark.django_db
def test_opensearch_gets_the_same_body_without_them(fake_engine):
    _server, url = fake_engine
    _FakeEngine.root = OPENSEARCH_ROOT
    backend = EngineBackend(url=url, index="dela")
    request = SearchRequest(text="välfärdsteknik")
    backend.search(request)
    assert backend.name == "opensearch"
    (method, path, headers, body) = _FakeEngine.requests[-1]
    assert (method, path) == ("POST", "/dela/_search")
    assert "compatible-with" not in headers.get("accept", "")
    assert "compatible-with" not in headers.get("content-type", "")
    words = compounds.analyse(request.text).words  # decompounded, as the backend
    assert body == build_search("dela", request, words).to_dict()


def test_a_configured_kind_is_not_asked_and_an_unknown_one_refused(fake_engine):
    from search.backends.connection import EngineConnection

    _server, url = fake_engine
    connection = EngineConnection(url, kind="elasticsearch")
    assert connection.kind == "elasticsearch" and not _FakeEngine.requests
    assert type(connection.client).__name__ == "Elasticsearch"
    with pytest.raises(ValueError, match="Unknown search engine kind 'solr'"):
        EngineConnection(url, kind="solr")
