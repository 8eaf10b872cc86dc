"""Faults a user must survive (issue 13): the database not answering gives a page that
says to try again shortly (503, Retry-After) instead of an error; Redis not answering
costs speed, not pages, logins or posts. `make soak` stops the real servers under
load."""

import pytest
from django import db

from network import services
from network.models import Post
from tests.network.network_factories import make_category, make_thread

pytestmark = pytest.mark.django_db


def test_a_database_that_does_not_answer_is_a_503_that_says_to_come_back(
    client, monkeypatch
):
    from home.models import HomePage

    def down(*args, **kwargs):
        raise db.OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(HomePage, "serve", down)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Dela är strax tillbaka" in response.content.decode()


def test_other_errors_stay_a_500(client, monkeypatch):
    from home.models import HomePage

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(HomePage, "serve", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


@pytest.fixture
def redis_stopped(settings):
    """The production cache pointed at a Redis that does not answer."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "dela.cache.RedisWithFallbackCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    caches["default"].close()


def test_without_redis_the_site_serves_logs_in_and_takes_posts(
    client, redis_stopped, ambassador, member
):
    from tests.accounts.test_accounts import PASSWORD, is_logged_in

    thread = make_thread(ambassador, make_category())
    assert client.get("/").status_code == 200
    assert client.get("/network/").status_code == 200
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert is_logged_in(client)
    services.reply(member, thread, "Det fungerar utan cache.")
    assert Post.objects.filter(body="Det fungerar utan cache.").exists()
    # The process's memory stands in meanwhile, and /healthz says so.
    assert client.get("/healthz").json()["cache"] == "degraded"
