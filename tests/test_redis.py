"""Dela on a real Redis server (`make test` starts one; REDIS_URL in production): the
cache answers /healthz, and the login limits live in Redis, where every web process
sees them."""

import pytest

from tests.test_accounts import PASSWORD, is_logged_in, log_in

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
