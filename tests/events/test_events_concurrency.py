"""Capacity holds when members register at the same moment.

services.register() locks the event's row before counting places. These tests run
two registrations in two threads, each with its own database connection, and widen
the race window by pausing between the count and the insert: without the lock both
would see one free place and both would be registered.

PostgreSQL: the second thread waits on SELECT ... FOR UPDATE until the first commits.
SQLite: Dela opens transactions with BEGIN IMMEDIATE, so the second thread waits for the
database's write lock (busy_timeout 5 s) before it can even count. Both databases run
the same test; it is deterministic because the outcome does not depend on which
thread wins.
"""

import threading
import time
from types import SimpleNamespace

import pytest
from django.db import connection, connections

from events import services
from events.models import EventIndexPage, EventPage, Registration
from tests.events.event_helpers import events_index, make_event, member_user

REGISTERED = Registration.Status.REGISTERED
WAITLISTED = Registration.Status.WAITLISTED


def _race(event, users, pause=0.3):
    """Register `users` at once, each in its own thread and connection."""
    barrier = threading.Barrier(len(users))
    errors = []
    original_count = services._registered_count

    def slow_count(locked_event):
        count = original_count(locked_event)
        time.sleep(pause)  # the other thread gets every chance to interleave here
        return count

    def run(user):
        try:
            barrier.wait(timeout=10)
            services.register(event, user)
        except Exception as exc:  # reported below, in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    services._registered_count = slow_count
    try:
        threads = [threading.Thread(target=run, args=(user,)) for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        services._registered_count = original_count
    assert not errors, errors


@pytest.fixture
def committed(test_database, django_db_blocker):
    """Database access outside the per-test transaction, so other threads see the data.

    pytest-django's transactional tests would empty every table afterwards, and with
    --reuse-db the next run would find no home page or reference data. Instead the
    rows these tests commit are deleted again here, and only those.
    """
    with django_db_blocker.unblock():
        created = {"users": [], "index": None}
        existing_index = EventIndexPage.objects.first()

        def users(count):
            made = [member_user() for _ in range(count)]
            created["users"].extend(made)
            return made

        def event(**fields):
            index = EventIndexPage.objects.first() or events_index()
            if existing_index is None:
                created["index"] = index
            return make_event(index, **fields)

        try:
            yield SimpleNamespace(users=users, event=event)
        finally:
            index = created["index"]
            if index is not None:
                index.refresh_from_db()
                index.delete()
            elif existing_index is not None:
                for page in EventPage.objects.child_of(existing_index):
                    page.delete()
            for user in created["users"]:
                user.delete()


def test_two_members_racing_for_the_last_place(committed):
    event = committed.event(capacity=1)
    _race(event, committed.users(2))
    statuses = sorted(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    assert statuses == [REGISTERED, WAITLISTED]


def test_many_members_racing_never_exceed_capacity(committed):
    event = committed.event(capacity=3)
    _race(event, committed.users(6), pause=0.05)
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status=REGISTERED).count() == 3
    assert registrations.filter(status=WAITLISTED).count() == 3
    positions = list(registrations.values_list("position", flat=True))
    assert len(set(positions)) == 6  # the waiting-list order is unambiguous


def test_same_member_double_submit_at_once_registers_once(committed):
    event = committed.event(capacity=5)
    (member,) = committed.users(1)
    _race(event, [member, member])
    assert Registration.objects.filter(event=event, user=member).count() == 1


@pytest.mark.django_db
def test_registration_locks_the_event_row(index):
    """The service asks for the lock (FOR UPDATE where the database has row locks)."""
    from django.test.utils import CaptureQueriesContext

    event = make_event(capacity=2)
    member = member_user()
    with CaptureQueriesContext(connection) as queries:
        services.register(event, member)
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(q for q in sql if '"events_eventpage"' in q and "SELECT" in q)
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in lock
    # The lock comes before the count of places and the insert.
    insert = next(i for i, q in enumerate(sql) if q.startswith("INSERT"))
    assert sql.index(lock) < insert
