"""Unread tracking: how far each member has read each thread.

Lists mark threads with posts the member has not seen (one query for all the rows).
A thread page records how far the member has read; read pages should not write
synchronously on SQLite (DESIGN.md), so the page writes nothing when the member had
already read that far, and otherwise one upsert that only moves the mark forward.
Losing a read mark to a busy database is harmless: the write never fails the page.
"""

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import ReadMark

logger = logging.getLogger(__name__)


def _signed_in(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def annotate_unread(threads, user):
    """Set `.unread` (posts not yet read, 0 when read) on each thread, one query."""
    threads = list(threads)
    if not _signed_in(user) or not threads:
        for thread in threads:
            thread.unread = 0
            thread.is_new = False
        return threads
    marks = dict(
        ReadMark.objects.filter(
            user=user, thread__in=[thread.pk for thread in threads]
        ).values_list("thread_id", "read_position")
    )
    for thread in threads:
        read = marks.get(thread.pk)
        thread.is_new = read is None
        thread.unread = thread.posts_count - (read or 0)
        thread.unread = max(thread.unread, 0)
    return threads


def read_position(user, thread):
    if not _signed_in(user):
        return None
    return (
        ReadMark.objects.filter(user=user, thread=thread)
        .values_list("read_position", flat=True)
        .first()
    )


def mark_read(user, thread, position, known=None):
    """Record that `user` has read `thread` up to post `position`.

    `known` is the mark the page already loaded: when it is as far, nothing is
    written. Otherwise one INSERT … ON CONFLICT UPDATE (a second tab on an older page
    may move the mark back a little: the thread then shows a few posts as unread).
    """
    if not _signed_in(user) or position <= (known or 0):
        return False
    now = timezone.now()
    try:
        with transaction.atomic():
            ReadMark.objects.bulk_create(
                [
                    ReadMark(
                        user=user, thread=thread, read_position=position, read_on=now
                    )
                ],
                update_conflicts=True,
                unique_fields=["user", "thread"],
                update_fields=["read_position", "read_on"],
            )
    except DatabaseError:  # a busy SQLite file: the mark catches up next visit
        logger.warning("Could not record read mark", exc_info=True)
        return False
    return True


def mark_all_read(user, threads):
    """Mark every given thread read (the list's "mark all read"), one upsert."""
    if not _signed_in(user):
        return 0
    now = timezone.now()
    marks = [
        ReadMark(
            user=user, thread=thread, read_position=thread.posts_count, read_on=now
        )
        for thread in threads
    ]
    ReadMark.objects.bulk_create(
        marks,
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["read_position", "read_on"],
    )
    return len(marks)
