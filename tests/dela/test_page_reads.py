"""What every page reads from the cache (issue 19): the generation of public
content, the branding and the main menu come in one round trip a request (Redis
in production), and a change made in the request itself is seen by the rest of
it; outside a request nothing is kept."""

import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from dela import page_cache
from home.branding import CACHE_KEY as BRANDING_KEY

pytestmark = pytest.mark.django_db


class _Reads:
    """The keys read from the cache, one entry per round trip."""

    def __init__(self, monkeypatch, cache):
        self.trips = []
        backend = type(cache)
        get, get_many = backend.get, backend.get_many

        def counted_get(this, key, *args, **kwargs):
            self.trips.append([key])
            return get(this, key, *args, **kwargs)

        def counted_get_many(this, keys, *args, **kwargs):
            self.trips.append(list(keys))
            return get_many(this, keys, *args, **kwargs)

        monkeypatch.setattr(backend, "get", counted_get)
        monkeypatch.setattr(backend, "get_many", counted_get_many)


def test_a_signed_in_page_reads_every_page_key_in_one_trip(
    client, redis_cache, member, monkeypatch
):
    client.force_login(member)
    client.get("/network/")  # the first visit fills the cache
    reads = _Reads(monkeypatch, caches["default"])
    assert client.get("/network/notifications/").status_code == 200
    every_page = [
        trip
        for trip in reads.trips
        if page_cache.GENERATION_KEY in trip
        or BRANDING_KEY in trip
        or any(key.startswith("remember:") for key in trip)
    ]
    assert len(every_page) == 1, reads.trips
    assert {page_cache.GENERATION_KEY, BRANDING_KEY} <= set(every_page[0])
    assert any(key.startswith("remember:main-menu-links") for key in every_page[0])


def test_a_change_in_the_request_is_seen_by_the_rest_of_it(redis_cache):
    # As the test client does: the request signals without closing the database.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        before = page_cache.generation()
        assert page_cache.generation() == before  # kept
        page_cache.content_changed(page_cache.PAGES)
        assert page_cache.generation() > before
        menu = page_cache.remember("test-menu", lambda: ["a"])
        assert page_cache.remember("test-menu", lambda: ["b"]) == menu == ["a"]
        page_cache.content_changed(page_cache.PAGES)
        assert page_cache.remember("test-menu", lambda: ["b"]) == ["b"]
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_outside_a_request_every_read_goes_to_the_cache(redis_cache):
    before = page_cache.generation()
    # Another process (the task worker) moves the generation on.
    caches["default"].incr(page_cache.GENERATION_KEY)
    assert page_cache.generation() == before + 1


def test_the_redis_cache_reuses_its_client(redis_cache):
    """Django's Redis cache builds a client (and its table of response callbacks)
    for every call; Dela's keeps one per connection pool, and it still answers."""
    backend = caches["default"]._cache
    assert backend.get_client("a") is backend.get_client("b")
    caches["default"].set("client-reuse", 1)
    assert caches["default"].get("client-reuse") == 1
