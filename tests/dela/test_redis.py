"""Dela on a real Redis server (`make test` starts one; REDIS_URL in production): the
cache answers /healthz, and the login limits live in Redis, where every web process
sees them."""

import pytest

from tests.accounts.test_accounts import PASSWORD, is_logged_in, log_in

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_redis_cache_ok(client, redis_cache):
    body = client.get("/healthz").json()
    assert body["cache"] == "ok" and body["status"] == "ok"


def test_failed_logins_are_counted_in_redis(client, member, redis_cache, english):
    server, prefix = redis_cache
    for _attempt in range(5):
        log_in(client, member.email, "wrong-password")
    # The counters are in the server, where another web process would read them.
    assert list(server.scan_iter(f"{prefix}:*")), "no rate-limit keys in Redis"
    other_process = type(client)()
    response = log_in(other_process, member.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(other_process)


def test_the_cache_returns_to_redis_once_it_answers_again(redis_cache):
    """After Redis failed, the process's memory stands in; once the retry time has
    passed and Redis answers, the cache is Redis's again (and says so)."""
    import time

    from django.core.cache import cache

    server, prefix = redis_cache
    cache._retry_at = time.monotonic() - 1  # Redis failed a while ago
    assert cache.falling_back
    cache.set("tillbaka", "ja", 60)
    assert not cache.falling_back
    assert server.get(f"{prefix}:1:tillbaka") is not None
