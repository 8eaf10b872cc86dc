"""The engine backend's life on a live OpenSearch node (`make test` starts one): what
the node is, rebuilds that searches never notice, indexing on change, drift reports,
and a node that dies mid-load and comes back."""

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search import indexing, services
from search.backends import SearchRequest, SearchUnavailable, _cache
from search.backends.connection import EngineConnection, read_info
from search.backends.database import DatabaseBackend
from search.registry import SearchDocument
from tests.search.test_search_backends import documents

pytestmark = [
    pytest.mark.engine,
    pytest.mark.django_db,
    pytest.mark.search_drift("indexes synthetic documents, not the site's content"),
]
ROOT = Path(__file__).resolve().parents[2]


def many(count, word="zebrafink"):
    return [
        SearchDocument(
            type="entry",
            key=str(n),
            title=f"Inspiration {n}: {word} i kommunen",
            url=f"/catalogue/{n}/",
            language="sv",
            summary="Ett exempel från katalogen.",
            facets={"country": ["SE"]},
        )
        for n in range(count)
    ]


def test_the_node_says_what_it_is(engine_url):
    info = read_info(engine_url)
    assert info.kind == "opensearch" and info.version.startswith("2.19")
    connection = EngineConnection(engine_url)
    assert connection.kind == "opensearch"
    assert type(connection.client).__module__.startswith("opensearchpy")


def test_the_elasticsearch_client_is_refused_by_opensearch(engine_url):
    """Why there are two transports: the official Elasticsearch 9 client checks the
    product on every answer, so it cannot talk to OpenSearch. Configured so by
    mistake, search falls back instead of failing."""
    connection = EngineConnection(engine_url, kind="elasticsearch")
    with pytest.raises(SearchUnavailable):
        connection.search("dela-anything", {"query": {"match_all": {}}})


def test_rebuild_swaps_while_searches_keep_answering(make_engine):
    backend = make_engine()
    backend.rebuild(many(50))
    answers, errors = [], []
    stop = threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(backend.search(SearchRequest(text="zebrafink")).total)
            except Exception as exc:  # pragma: no cover - reported by the assert
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        count = backend.rebuild(many(3000))
    finally:
        stop.set()
        searcher.join(timeout=30)
    assert count == 3000
    assert not errors
    # Every answer came from a complete index: the old one or the new one.
    assert len(answers) >= 3 and set(answers) <= {50, 3000}, sorted(set(answers))
    assert backend.search(SearchRequest(text="zebrafink")).total == 3000
    assert len(backend.connection.indices(f"{backend.alias}-*")) == 1


def test_documents_before_the_first_rebuild_get_a_proper_index(make_engine):
    backend = make_engine()
    # Never built: the engine cannot answer (search falls back to the database).
    with pytest.raises(SearchUnavailable):
        backend.search(SearchRequest(text="välfärdsteknik"))
    backend.index_documents(documents()[:1])
    results = backend.search(SearchRequest(text="valfardsteknik"))
    assert [hit.title for hit in results.hits] == ["Välfärdsteknik i hemtjänsten"]
    mapping = backend.connection.client.indices.get_mapping(index=backend.alias)
    (properties,) = [m["mappings"]["properties"] for m in mapping.values()]
    assert properties["title_terms"]["analyzer"] == "whitespace"


def test_indexing_on_change_reaches_the_engine(
    engine_settings, django_capture_on_commit_callbacks
):
    """A published story reaches the node through the indexing task; unpublished, it
    leaves it; drift is reported by check_search_index and repaired by a rebuild."""
    from tests.search.test_search_relevance import load_cms_demo

    load_cms_demo()
    call_command("rebuild_search", "--skip-wagtail", stdout=open(os.devnull, "w"))
    engine = engine_settings
    from stories.models import CaseStoryPage

    story = CaseStoryPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Zebrafinkar i Laholm"
        story.save_revision().publish()
    results = engine.search(SearchRequest(text="zebrafinkar"))
    assert [hit.title for hit in results.hits] == ["Zebrafinkar i Laholm"]
    assert indexing.drift(engine) == ([], [], [])

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert engine.search(SearchRequest(text="zebrafinkar")).total == 0
    call_command("check_search_index", stdout=open(os.devnull, "w"))

    # A document lost from the node is drift, reported by name.
    engine.delete_documents([f"story:{CaseStoryPage.objects.live().first().pk}"])
    out = _Output()
    with pytest.raises(CommandError, match="drifted \\(opensearch\\)"):
        call_command("check_search_index", stdout=out, stderr=out)
    assert "opensearch missing: 1" in out.text
    call_command("rebuild_search", "--skip-wagtail", stdout=open(os.devnull, "w"))
    call_command("check_search_index", stdout=open(os.devnull, "w"))


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_the_search_page_and_api_answer_from_the_engine(engine_settings, client):
    DatabaseBackend().rebuild(documents())
    engine_settings.rebuild(documents())
    data = client.get("/api/search/", {"q": "välfärdsteknik", "country": "NO"}).json()
    assert data["backend"] == "opensearch"
    assert [r["title"] for r in data["results"]] == [
        "Velferdsteknologi i hjemmetjenesten"
    ]
    assert data["facets"]["type"] == {"entry": 1}
    assert "Hemlig" not in str(data)
    page = client.get("/search/", {"q": "søknad"}).content.decode()
    assert "/videos/skarm/#t=42" in page
    assert client.get("/healthz").json()["search"] == "ok"


# --- A node that dies and comes back --------------------------------------------------


@pytest.fixture
def own_node(tmp_path, engine_url):
    """A second node of our own (the suite's shared node stays up), started by the
    same script in its own folder; stopped after the test."""
    home = tmp_path / "node"
    env = {
        **os.environ,
        "DELA_OPENSEARCH_HOME": str(home),
        "DELA_OPENSEARCH_PORT": "9270",
        "DELA_OPENSEARCH_HEAP": "256m",
    }
    script = ROOT / "scripts/opensearch/node.sh"

    def run(*args):
        done = subprocess.run(
            [str(script), *args], env=env, capture_output=True, text=True, timeout=240
        )
        assert done.returncode == 0, done.stderr + done.stdout
        return done.stdout.strip().splitlines()[-1]

    run("start")
    node = {"url": run("url"), "run": run, "home": home}
    yield node
    run("stop")


def test_a_node_killed_mid_load_falls_back_and_recovers(
    own_node, settings, client, django_capture_on_commit_callbacks
):
    settings.SEARCH_ENGINE_URL = own_node["url"]
    settings.SEARCH_ENGINE_INDEX = "dela-fault"
    _cache.clear()
    from search.backends import get_backend

    engine = get_backend()
    DatabaseBackend().rebuild(documents())
    engine.rebuild(documents())
    assert client.get("/api/search/", {"q": "zebrafink"}).json()["backend"] == (
        "opensearch"
    )

    pid = int((own_node["home"] / "node.pid").read_text())

    def slow_documents():
        yield from many(500)
        os.kill(pid, 9)  # the node dies while the rebuild is loading
        time.sleep(1)
        yield from many(500, word="kanin")

    with pytest.raises(SearchUnavailable):
        engine.rebuild(slow_documents())

    data = client.get("/api/search/", {"q": "välfärdsteknik"}).json()
    assert data["backend"] == "database"
    assert "Välfärdsteknik i hemtjänsten" in [r["title"] for r in data["results"]]
    assert client.get("/healthz").json()["search"] == "degraded"
    # Indexing while it is down is skipped (a rebuild repairs it), never an error.
    indexing._each_backend(lambda backend: backend.index_documents(documents()))

    own_node["run"]("restart")
    services.cache.delete(services.DEGRADED_KEY)  # the fallback mark's 2 minutes pass
    data = client.get("/api/search/", {"q": "zebrafink"}).json()
    assert data["backend"] == "opensearch"
    assert client.get("/healthz").json()["search"] == "ok"
    # The index from before the crash is still there: the half-built one is not.
    assert engine.search(SearchRequest(text="kanin")).total == 0
