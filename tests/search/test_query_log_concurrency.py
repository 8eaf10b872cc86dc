"""The search query log counts every query when web processes flush at once.

Each web process buffers the queries it served (and the results followed from them)
and writes them in a batch (search.services.flush_queries): the query totals, then
the days of the editors' trends. Two batches that share queries, flushed at the same
moment in two threads with their own connections, must both be counted: none
ignored as a conflict, and no deadlock between them (on PostgreSQL a deadlock aborts
one batch, whose counts were then lost). The batches hold the queries in opposite
orders and each update is followed by a pause, so that a flush which took its row
locks in the order it was given would deadlock every time.
"""

import time

import pytest
from django.db.models.query import QuerySet
from django.utils import timezone

from search import services
from search.models import QueryDay, QueryStat
from tests.concurrency import at_once

QUERIES = ["logg hemtjänst", "logg skärmbesök", "logg välfärdsteknik"]


@pytest.fixture
def committed(test_database, django_db_blocker):
    """Database access outside the per-test transaction; the log rows go afterwards."""
    with django_db_blocker.unblock():
        QueryStat.objects.filter(query__in=QUERIES).delete()
        QueryDay.objects.filter(query__in=QUERIES).delete()
        try:
            yield
        finally:
            QueryStat.objects.filter(query__in=QUERIES).delete()
            QueryDay.objects.filter(query__in=QUERIES).delete()


def test_two_flushes_sharing_queries_count_them_all(committed, monkeypatch):
    original_update = QuerySet.update

    def slow_update(queryset, **fields):
        done = original_update(queryset, **fields)
        if queryset.model in (QueryStat, QueryDay):
            time.sleep(0.2)  # the other flush gets every chance to interleave here
        return done

    monkeypatch.setattr(QuerySet, "update", slow_update)
    today = timezone.localdate()
    batches = [
        {(text, "sv", today): services.Tally(1, 0, 4, 1) for text in QUERIES},
        {(text, "sv", today): services.Tally(2, 1, 0, 0) for text in reversed(QUERIES)},
    ]
    errors = at_once(
        *[lambda batch=batch: services.flush_queries(batch) for batch in batches]
    )
    assert not errors, errors
    counts = dict(
        QueryStat.objects.filter(query__in=QUERIES).values_list("query", "count")
    )
    assert counts == {text: 3 for text in QUERIES}
    empty = dict(
        QueryStat.objects.filter(query__in=QUERIES).values_list("query", "no_results")
    )
    assert empty == {text: 1 for text in QUERIES}
    clicks = dict(
        QueryStat.objects.filter(query__in=QUERIES).values_list("query", "clicks")
    )
    assert clicks == {text: 1 for text in QUERIES}
    days = QueryDay.objects.filter(query__in=QUERIES, day=today, language="sv")
    assert sorted(days.values_list("query", "searches", "no_results", "clicks")) == [
        (text, 3, 1, 1) for text in QUERIES
    ]
