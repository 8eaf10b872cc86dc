"""`manage.py db_worker`: django_tasks_db's worker, made to outlive its database.

The library's worker stops at the first database error, and a task whose result it
could not write stays "running" for ever. Dela's worker (this command replaces the
library's: the `dela` app comes first in INSTALLED_APPS) instead:

- waits for the database when it goes away (the wait doubles up to 30 s, logged) and
  carries on when it is back;
- puts a task it was running when the database went away back in the queue (it runs
  again, at most five times in all: see the README on which tasks that may repeat);
- on start, puts back tasks that a worker stopped by force (killed, out of memory)
  left running for longer than any task may run (the DELA_TASK_ABANDONED_AFTER setting).

Its options are the library's.
"""

import logging
import time
from unittest import mock

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker as library

from dela.tasks import failed_for_the_database, release_abandoned, requeue

logger = logging.getLogger("dela.tasks")
LONGEST_WAIT = 30.0


class Worker(library.Worker):
    def run(self):
        released = None
        while True:
            try:
                if released is None:  # once, when the database first answers
                    released = release_abandoned()
                    if released:
                        logger.warning(
                            "Task worker: %s abandoned task(s) queued again", released
                        )
                return super().run()
            except DatabaseError as error:
                if not self.running:
                    raise
                self.wait_for_database(error)
                self.startup_delay = False

    def run_task(self, db_task_result):
        try:
            super().run_task(db_task_result)
        except DatabaseError as error:
            # The result could not be written: the database went away while the
            # task ran. Once it is back, the task waits in the queue again.
            self.wait_for_database(error)
        else:
            if not failed_for_the_database(db_task_result):
                return
        if requeue(db_task_result.pk):
            logger.warning("Task worker: task %s queued again", db_task_result.pk)

    def wait_for_database(self, error):
        pause = max(self.interval, 0.5)
        logger.warning("Task worker: the database is unavailable (%s)", error)
        while self.running:
            connections.close_all()
            try:
                connections["default"].ensure_connection()
                logger.warning("Task worker: the database is back")
                return
            except DatabaseError:
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_WAIT)


class Command(library.Command):
    help = "Run the background worker (waits for the database when it goes away)"

    def handle(self, *args, **options):
        # The library's handle() builds the worker from its module's `Worker`.
        with mock.patch.object(library, "Worker", Worker):
            super().handle(*args, **options)
