"""Tasks queued for a change exist exactly when the change does (dela.tasks).

Production queues tasks in the database (django_tasks_db): the task's row is written
in the change's own transaction. A reply rolled back leaves no task; a reply
committed has its task even if the process stops right after the commit, which the
old on-commit enqueue lost (`make soak`, PostgreSQL stopped mid-load).
"""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from dela.tasks import enqueue_with_change, stored_with_the_change
from network import services
from network.tasks import notify_new_post
from tests.network.network_factories import make_category, make_thread

pytestmark = pytest.mark.django_db

NOTIFY = "network.tasks.notify_new_post"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert stored_with_the_change(notify_new_post)


def test_the_tests_immediate_backend_waits_for_the_commit():
    assert not stored_with_the_change(notify_new_post)


def queued_for(post_pk):
    return [
        row
        for row in DBTaskResult.objects.filter(task_path=NOTIFY)
        if row.args_kwargs["args"] == [post_pk]
    ]


def run_queued_tasks():
    """Run the queued tasks as the worker would, inside this test's transaction
    (the worker itself: tests/dela/test_worker.py); the search index stays in step."""
    for row in DBTaskResult.objects.ready():
        result = row.task_result
        row.claim("test")
        row.set_successful(row.task.call(*result.args, **result.kwargs))


@pytest.fixture
def thread(ambassador):
    return make_thread(ambassador, make_category())


def test_a_reply_and_its_task_commit_together(database_queue, thread, member):
    with transaction.atomic():
        post, _created = services.reply(member, thread, "En fråga om trygghetslarm.")
        # Written in the same transaction, before the commit: nothing can come
        # between the reply and its task, and no task waits for the commit (what
        # does wait is cache forgetting, e.g. the home page's blocks).
        assert len(queued_for(post.pk)) == 1
        waiting = transaction.get_connection().run_on_commit
        assert not [c for _ids, c, _robust in waiting if getattr(c, "task", None)]
    run_queued_tasks()
    assert queued_for(post.pk)[0].status == "SUCCESSFUL"


def test_a_rolled_back_reply_leaves_no_task(database_queue, thread, member):
    before = DBTaskResult.objects.count()

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon):
        with transaction.atomic():
            services.reply(member, thread, "Det här sparas aldrig.")
            raise Abandon
    assert DBTaskResult.objects.count() == before
    run_queued_tasks()


def test_other_backends_queue_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        callback = enqueue_with_change(notify_new_post, 0)
    assert callbacks == [callback]
    assert callback.task is notify_new_post and not callback.done


def test_a_notification_is_taken_before_an_indexing_backlog(database_queue):
    """A catalogue import queues hundreds of indexing tasks; a member's notification
    queued after them is the next task the worker takes."""
    from search.tasks import index_objects_task

    for start in range(0, 30, 10):
        index_objects_task.enqueue("entry", list(range(start, start + 10)))
    notify_new_post.enqueue(0)
    next_task = DBTaskResult.objects.ready().first()
    assert next_task.task_path == NOTIFY
    DBTaskResult.objects.ready().delete()  # not run: the ids are made up
