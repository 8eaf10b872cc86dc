"""Running work at the same moment in several threads, each with its own database
connection (the tests of races: the query log, indexing, event places)."""

import threading

from django.db import connections


def at_once(*calls, timeout=60):
    """Run each of ``calls`` (callables) in its own thread, released together by a
    barrier; wait for all. Returns the exceptions they raised, in no order."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as exc:  # handed to the test, in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors
