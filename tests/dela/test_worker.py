"""The task worker outlives its database (dela/management/commands/db_worker.py).

The library's worker stopped at the first database error and left the task it was
running "running" for ever (`make soak`: PostgreSQL restarted mid-load). These tests
run the real worker (`manage.py db_worker --batch`) on the database queue, outside a
test transaction, and make the database fail under it where it reads or writes the
queue: the error is raised by the same calls that raise it when the server goes away.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from search.tasks import forget_old_queries_task

GONE = "server closed the connection unexpectedly"


@pytest.fixture
def queue(test_database, django_db_blocker, settings):
    """The production queue, committed, so the worker's own transactions see it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_db_blocker.unblock():
        before = set(DBTaskResult.objects.values_list("pk", flat=True))
        try:
            yield
        finally:
            DBTaskResult.objects.exclude(pk__in=before).delete()


def run_worker():
    call_command(
        "db_worker", batch=True, startup_delay=False, interval=0.01, verbosity=0
    )


def fail_once(monkeypatch, owner, name, times=1):
    original = getattr(owner, name)
    calls = {"failed": 0}

    def failing(*args, **kwargs):
        if calls["failed"] < times:
            calls["failed"] += 1
            raise OperationalError(GONE)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)
    return calls


def test_the_worker_waits_for_the_database_and_carries_on(queue, monkeypatch):
    task = forget_old_queries_task.enqueue()
    calls = fail_once(monkeypatch, DBTaskResultQuerySet, "get_locked", times=2)
    run_worker()  # the library's worker raised here and stopped
    assert calls["failed"] == 2
    row = DBTaskResult.objects.get(pk=task.id)
    assert row.status == TaskResultStatus.SUCCESSFUL


def test_a_result_that_could_not_be_written_is_queued_again(queue, monkeypatch):
    task = forget_old_queries_task.enqueue()
    fail_once(monkeypatch, DBTaskResult, "set_successful")
    fail_once(monkeypatch, DBTaskResult, "set_failed")
    run_worker()
    row = DBTaskResult.objects.get(pk=task.id)
    assert row.status == TaskResultStatus.SUCCESSFUL  # not left "running"
    assert len(row.worker_ids) == 2  # it ran again


def test_a_task_failed_by_the_database_runs_again(queue, monkeypatch):
    task = forget_old_queries_task.enqueue()
    fail_once(monkeypatch, DBTaskResult, "set_successful")
    run_worker()
    row = DBTaskResult.objects.get(pk=task.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(row.worker_ids) == 2


def test_a_task_failing_on_its_own_is_not_retried(queue, monkeypatch):
    task = forget_old_queries_task.enqueue()
    monkeypatch.setattr(
        "search.services.forget_old_queries",
        lambda now=None: 1 / 0,
    )
    run_worker()
    row = DBTaskResult.objects.get(pk=task.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ZeroDivisionError"
    assert len(row.worker_ids) == 1


def test_a_task_a_killed_worker_left_running_is_run_on_start(queue):
    task = forget_old_queries_task.enqueue()
    DBTaskResult.objects.filter(pk=task.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=3),
        worker_ids=["killed"],
    )
    recent = forget_old_queries_task.enqueue()
    DBTaskResult.objects.filter(pk=recent.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5),
        worker_ids=["busy"],
    )
    run_worker()
    assert DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.SUCCESSFUL
    # A task that may still be running elsewhere is left to its worker.
    assert DBTaskResult.objects.get(pk=recent.id).status == TaskResultStatus.RUNNING
