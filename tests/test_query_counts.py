"""SQL queries per page on the demo (issue 19): at most 20 on every page the scale
benchmark measures, rendered without the page cache (tests run with it off), and
the same count once the demo has many more stories, entries, events and posts."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.demo import logins
from events.models import EventIndexPage
from media.models import VideoPage
from network import services
from network.models import Category, Thread
from stories.models import CaseStoryPage, StoryIndexPage
from taxonomy.models import ClassifiedPage, Municipality
from tests.conftest import demo_for_module
from tests.events.event_helpers import make_event
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


@pytest.fixture(scope="module")
def demo(test_database, django_db_blocker):
    with demo_for_module(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def _media_root():
    """The demo's pictures stay where the module's demo wrote them (conftest gives
    each test an empty media folder), so renditions are made once, as on a site."""


@pytest.fixture(autouse=True)
def _roomy_limits(settings):
    settings.NETWORK_LIMITS = {
        "posts_per_window": 100000,
        "new_member_posts_per_window": 100000,
        "ip_posts_per_window": 100000,
        "new_member_links_per_post": 100,
    }


def _thread():
    return (
        Thread.objects.filter(category__visibility="public", hidden=False)
        .order_by("-posts_count", "pk")
        .first()
    )


def _pages():
    """What bench_pages.py measures, on the demo."""
    pages = ClassifiedPage.objects.live().exclude(sector=None)
    sector = pages.values_list("sector__slug", flat=True).first()
    competence = (
        ClassifiedPage.objects.live()
        .exclude(competences=None)
        .values_list("competences__code", flat=True)
        .first()
    )
    return {
        "home": "/",
        "story": CaseStoryPage.objects.live().public().order_by("pk").first().url,
        "stories": "/stories/",
        "catalogue front": "/catalogue/",
        "catalogue, 3 facets": (
            f"/catalogue/?language=sv&sector={sector}&competence={competence}"
        ),
        "videos": "/videos/",
        "video": VideoPage.objects.live().public().order_by("pk").first().url,
        "events": "/events/",
        "forum": "/network/",
        "forum category": Category.objects.filter(visibility="public")
        .order_by("pk")
        .first()
        .get_absolute_url(),
        "thread": _thread().get_absolute_url(),
        "directory, filter": "/ambassadors/?country=SE",
    }


SIGNED_IN = {"thread (in)": None, "notifications (in)": "/network/notifications/"}


def _count(client, url):
    # The first visit reads what every page keeps (the site, settings, the menu).
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _counts(client):
    counts = {name: _count(client, url) for name, url in _pages().items()}
    email = next(email for role, email, _pw in logins() if role == "ambassador")
    client.force_login(get_user_model().objects.get(email__iexact=email))
    signed_in = {**SIGNED_IN, "thread (in)": _thread().get_absolute_url()}
    counts.update({name: _count(client, url) for name, url in signed_in.items()})
    client.logout()
    return counts


def _grow():
    """Many more of everything the pages list."""
    index = StoryIndexPage.objects.get()
    places = list(Municipality.objects.order_by("pk")[:5])
    for number in range(12):
        publish_story(
            index,
            f"Fler berättelser {number}",
            municipalities=places[: number % 5 + 1],
            tags=[f"tagg-{number}", "gemensam"],
        )
    events = EventIndexPage.objects.get()
    for number in range(8):
        make_event(events, title=f"Fler träffar {number}", slug=f"fler-{number}")
    thread = _thread()
    author = thread.author
    for number in range(25):
        services.reply(author, thread, f"Ett svar till, nummer {number}.")


def test_every_page_makes_at_most_20_queries(demo, client):
    counts = _counts(client)
    over = {name: n for name, n in counts.items() if n > MAX_QUERIES}
    assert not over, counts


def test_the_counts_do_not_grow_with_the_content(demo, client):
    before = _counts(client)
    _grow()
    after = _counts(client)
    grew = {name: (before[name], n) for name, n in after.items() if n > before[name]}
    assert not grew, after
