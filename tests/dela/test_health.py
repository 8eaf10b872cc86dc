"""`/healthz`: what a load balancer and an operator read about Dela's dependencies."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from dela import health

pytestmark = pytest.mark.django_db

PARTS = {"database", "cache", "search", "tasks"}


def probe(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    # A proxy must never answer a probe from its cache.
    assert "no-cache" in response["Cache-Control"]
    return response, response.json()


def test_all_ok(client):
    response, body = probe(client)
    assert response.status_code == 200
    assert body == {"status": "ok", **dict.fromkeys(PARTS, "ok")}


def test_a_broken_cache_degrades_but_keeps_serving(client, settings):
    # A Redis server that is not there (nothing listens on port 1).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response, body = probe(client)
    assert response.status_code == 200
    assert body["cache"] == "degraded"
    assert body["status"] == "degraded"
    assert body["database"] == body["search"] == body["tasks"] == "ok"


def test_a_cache_that_keeps_nothing_is_degraded(client, settings):
    """Login rate limits live in the cache: one that forgets everything voids them."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    response, body = probe(client)
    assert response.status_code == 200
    assert body["cache"] == "degraded"


def test_an_unreachable_database_answers_503(db, client, monkeypatch):
    asked = []

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    monkeypatch.setattr(health, "check_search", lambda: asked.append("search"))
    monkeypatch.setattr(health, "check_tasks", lambda: asked.append("tasks"))
    response = client.get("/healthz")
    monkeypatch.undo()
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "degraded"
    assert body["status"] == "degraded"
    # What needs the database is reported degraded without asking it again.
    assert body["search"] == body["tasks"] == "degraded"
    assert asked == []
    assert body["cache"] == "ok"


def test_a_failing_search_backend_degrades(client, monkeypatch):
    # Dela's search (search/): the configured backend does not answer.
    class BrokenBackend:
        name = "elasticsearch"

        def is_available(self):
            raise ConnectionError("Elasticsearch is not answering")

    monkeypatch.setattr("search.services.get_backend", BrokenBackend)
    response, body = probe(client)
    assert response.status_code == 200
    assert body["search"] == "degraded"
    assert body["database"] == "ok"


# --- The task queue -------------------------------------------------------------------


@pytest.fixture
def db_tasks(settings):
    """The production queue: tasks wait in the database for `manage.py db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def enqueue(age, **changes):
    """Enqueue a real task on the database queue, as if `age` ago."""
    from django_tasks_db.models import DBTaskResult

    from accounts.tasks import send_ambassador_decision

    result = send_ambassador_decision.enqueue(12345)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - age, **changes
    )
    return result


def test_a_fresh_task_is_no_concern(client, db_tasks):
    enqueue(timedelta(seconds=30))
    assert db_tasks.objects.ready().count() == 1
    response, body = probe(client)
    assert body["tasks"] == "ok"


def test_a_task_left_waiting_means_no_worker_runs(client, db_tasks):
    enqueue(timedelta(hours=1))
    response, body = probe(client)
    assert response.status_code == 200
    assert body["tasks"] == "degraded"
    assert body["status"] == "degraded"


def test_a_finished_or_running_old_task_is_no_concern(client, db_tasks):
    enqueue(timedelta(hours=1), status="SUCCESSFUL")
    enqueue(timedelta(hours=1), status="RUNNING")
    response, body = probe(client)
    assert body["tasks"] == "ok"


def test_a_task_scheduled_for_later_is_not_late(client, db_tasks):
    """Enqueued yesterday to run a minute ago (a digest, say): it waited a minute."""
    enqueue(timedelta(days=1), run_after=timezone.now() - timedelta(minutes=1))
    enqueue(timedelta(days=1), run_after=timezone.now() + timedelta(hours=1))
    response, body = probe(client)
    assert body["tasks"] == "ok"


def test_a_scheduled_task_overdue_by_long_is_late(client, db_tasks):
    enqueue(timedelta(days=1), run_after=timezone.now() - timedelta(hours=1))
    response, body = probe(client)
    assert body["tasks"] == "degraded"


def test_the_probe_needs_no_login_and_writes_no_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_a_task_running_past_the_longest_run_means_its_worker_was_killed(
    client, db_tasks
):
    enqueue(
        timedelta(hours=3),
        status="RUNNING",
        started_at=timezone.now() - timedelta(hours=3),
    )
    response, body = probe(client)
    assert body["tasks"] == "degraded"
