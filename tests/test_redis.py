"""Dela on a real Redis server (`make test` starts one; REDIS_URL in production): the
cache answers /healthz, and the login limits live in Redis, where every web process
sees them."""

import os
import uuid

import pytest
import redis

from tests.test_accounts import PASSWORD, is_logged_in, log_in

REDIS_ENV = "DELA_TEST_REDIS_URL"
pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url():
    url = os.environ.get(REDIS_ENV, "")
    if not url:
        message = f"{REDIS_ENV} is not set: no Redis server (`make test` starts one)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def redis_cache(settings, redis_url):
    """The site's cache on Redis, under a key prefix of this test's own."""
    from django.core.cache import caches

    prefix = f"dela-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url(redis_url)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    caches["default"].close()


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
