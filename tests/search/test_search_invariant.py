"""The search index follows every change of visibility, bulk updates included; the
suite checks after every test that it has not drifted (tests/conftest.py)."""

import pytest
from django.db import connection

from search import indexing
from search.backends import get_fallback_backend
from tests.conftest import run_search_indexing as settle
from tests.network.network_factories import make_category, make_thread

pytestmark = pytest.mark.django_db


def test_a_bulk_update_reaches_the_index(ambassador):
    from network.models import Thread

    thread = make_thread(ambassador, make_category(), title="Zebrafinkar i Laholm")
    settle()
    assert indexing.drift(get_fallback_backend()) == ([], [], [])
    Thread.objects.filter(pk=thread.pk, hidden=False).update(hidden=True)
    settle()
    assert f"thread:{thread.pk}" not in get_fallback_backend().indexed_checksums()


def test_a_category_made_private_takes_its_threads_audience_along(ambassador):
    from network.models import Category, Visibility
    from search.backends import SearchRequest

    category = make_category()
    make_thread(ambassador, category, title="Zebrafinkar i Laholm")
    settle()
    backend = get_fallback_backend()
    assert backend.search(SearchRequest(text="zebrafinkar")).total == 1
    Category.objects.filter(pk=category.pk).update(visibility=Visibility.MEMBERS)
    settle()
    assert backend.search(SearchRequest(text="zebrafinkar")).total == 0


@pytest.mark.search_drift("shows that drift is detected: a write behind Django's back")
def test_drift_is_detected(ambassador):
    thread = make_thread(ambassador, make_category(), title="Zebrafinkar i Laholm")
    settle()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE network_thread SET hidden = %s WHERE id = %s", [True, thread.pk]
        )
    assert indexing.drift(get_fallback_backend()) == ([], [], [f"thread:{thread.pk}"])
