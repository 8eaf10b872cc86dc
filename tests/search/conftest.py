import pytest

from search.backends import _cache


@pytest.fixture(autouse=True)
def _search_settings(settings):
    settings.SEARCH_QUERY_LOG_BATCH = 1
    settings.DELA_SEARCH_BACKEND = ""
    settings.ELASTICSEARCH_URL = ""
    _cache.clear()
    yield
    _cache.clear()
