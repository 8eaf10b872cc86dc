import os
import uuid

import pytest

from search.backends import _cache

ENGINE_ENV = "DELA_TEST_SEARCH_ENGINE_URL"


@pytest.fixture(autouse=True)
def _search_settings(settings):
    settings.SEARCH_QUERY_LOG_BATCH = 1
    settings.SEARCH_BACKEND = ""
    settings.SEARCH_ENGINE_URL = ""
    settings.SEARCH_ENGINE_KIND = "auto"
    _cache.clear()
    yield
    _cache.clear()


@pytest.fixture(scope="session")
def engine_url():
    """The live search node `make test` starts (scripts/opensearch/node.sh). Without
    one the engine tests fail in CI and are skipped, saying why, elsewhere."""
    url = os.environ.get(ENGINE_ENV, "")
    if not url:
        message = (
            f"{ENGINE_ENV} is not set: no search engine node to test against "
            "(`make test` starts one with scripts/opensearch/node.sh)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from search.backends.connection import read_info

    read_info(url)  # a node that does not answer fails the test, plainly
    return url


@pytest.fixture
def make_engine(engine_url):
    """EngineBackend factory on the live node, each with an alias of its own; their
    indices are deleted after the test."""
    from search.backends.engine import EngineBackend

    made = []

    def make(**options):
        backend = EngineBackend(
            url=engine_url, index=f"dela-test-{uuid.uuid4().hex[:12]}", **options
        )
        made.append(backend)
        return backend

    yield make
    for backend in made:
        client = backend.connection.client
        client.indices.delete(index=f"{backend.alias}-*", ignore_unavailable=True)


@pytest.fixture
def engine_settings(settings, make_engine):
    """Settings that make the live node Dela's search engine (the database backend
    stays indexed beside it, as in production); returns the engine backend."""
    backend = make_engine()
    settings.SEARCH_ENGINE_URL = backend.url
    settings.SEARCH_ENGINE_INDEX = backend.alias
    _cache.clear()
    from search.backends import get_backend

    engine = get_backend()
    assert engine.alias == backend.alias
    return engine
