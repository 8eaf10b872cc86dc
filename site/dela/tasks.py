"""Queueing background work that a change calls for: the one rule for every app.

A task queued for a change (a post's notifications, a document's re-indexing, a
video's processing, a story's review e-mail) must exist exactly when the change does,
and must not run before the rows it reads are committed:

- With the database task backend (production: django_tasks_db, in the same database
  as the data), the task's row is written inside the surrounding transaction. It
  commits with the change or not at all: a web process that stops between the
  commit and a later enqueue can no longer lose it, and the worker cannot see it
  before the change is committed.
- With any other backend (the immediate backend of the tests, or a broker), the task
  is queued once the transaction commits; a rolled-back change queues nothing.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus

logger = logging.getLogger(__name__)

# Which queued task the worker takes first (django_tasks: higher first, -100 to 100).
# A person waits for a notification or an e-mail; the search index and the query
# log's retention can wait behind them (a catalogue import or the demo queues
# hundreds of indexing tasks at once).
PERSON_WAITING = 50
BACKGROUND = -50
# How often a task goes back to the queue after the database failed under it.
MAX_ATTEMPTS = 5
DATABASE_ERRORS = {
    "django.db.utils.OperationalError",
    "django.db.utils.InterfaceError",
}


def stored_with_the_change(task, using=DEFAULT_DB_ALIAS):
    """Whether ``task``'s backend writes its queue in the database ``using``."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return (
        isinstance(task.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == using
    )


def enqueue_with_change(task, *args, using=DEFAULT_DB_ALIAS, **kwargs):
    """Queue ``task(*args, **kwargs)`` as part of the current change (see above).

    Outside a transaction it is queued at once. Returns the on-commit callback when
    the task waits for the commit (it carries ``task`` and ``done``, so the test suite
    can find callbacks still pending), else None.
    """
    if stored_with_the_change(task, using):
        task.enqueue(*args, **kwargs)
        return None

    def send():
        send.done = True
        task.enqueue(*args, **kwargs)

    send.task, send.done = task, False
    # robust: a queue that refuses the task is logged; the committed change stands.
    transaction.on_commit(send, using=using, robust=True)
    return send


# --- The worker's side (dela/management/commands/db_worker.py, /healthz) -----------


def abandoned_after():
    return settings.DELA_TASK_ABANDONED_AFTER


def abandoned():
    """Tasks "running" for longer than any task may run."""
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - abandoned_after()
    return DBTaskResult.objects.running().filter(started_at__lt=since)


def requeue(pk):
    """Put a task that did not finish back in the queue (at most MAX_ATTEMPTS runs).
    Returns whether it went back; a task out of attempts stays as it is."""
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(pk=pk).first()
    if row is None or len(row.worker_ids) >= MAX_ATTEMPTS:
        return False
    return bool(
        DBTaskResult.objects.filter(
            pk=pk, status__in=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED]
        ).update(status=TaskResultStatus.READY, started_at=None, finished_at=None)
    )


def release_abandoned():
    """Queue abandoned tasks again; returns how many went back."""
    return sum(requeue(pk) for pk in abandoned().values_list("pk", flat=True))


def failed_for_the_database(db_task_result):
    """Whether the task failed because the database was unavailable while it ran."""
    return (
        db_task_result.status == TaskResultStatus.FAILED
        and db_task_result.exception_class_path in DATABASE_ERRORS
    )
