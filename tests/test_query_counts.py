"""SQL queries per page on the demo (issue 19): at most 20 on every page the scale
benchmark measures, rendered without the page cache (tests run with it off), and
the same count once the demo has many more stories, entries, events and posts."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.module_loading import import_string

from accounts.demo import logins
from events.models import EventIndexPage
from media.models import VideoPage
from network import services
from network.models import Category, Notification, Subscription, Thread
from stories.models import CaseStoryPage, StoryIndexPage
from taxonomy.models import ClassifiedPage, Municipality
from tests.events.event_helpers import make_event
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20
# As bench_pages.py asks it: a word, a filter and the API's facets.
SEARCH_API = "/api/search/?q=hemtj%C3%A4nsten&language=sv"


@pytest.fixture(autouse=True)
def _media_root():
    """The demo's pictures stay where the session's demo wrote them (conftest gives
    each test an empty media folder), so renditions are made once, as on a site."""


@pytest.fixture(autouse=True)
def _query_log_unflushed(settings, monkeypatch):
    """The search query log is written in batches (SEARCH_QUERY_LOG_BATCH searches or
    a minute): a page that happens to flush it is not what is counted here."""
    from search import services as search_services

    settings.SEARCH_QUERY_LOG_BATCH = 10**9
    monkeypatch.setitem(search_services._log_state, "flushed", float("inf"))
    yield
    search_services._log_buffer.clear()


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
        "search API, facets": SEARCH_API,
    }


SIGNED_IN = {
    "thread (in)": None,
    "notifications (in)": "/network/notifications/",
    "forum (in)": "/network/",
    "forum category (in)": None,
    "home (in)": "/",
    "search (in)": "/search/?q=trygghetslarm",
    "search API (in)": SEARCH_API,
}


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
    pages = _pages()
    signed_in = {
        **SIGNED_IN,
        "thread (in)": pages["thread"],
        "forum category (in)": pages["forum category"],
    }
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


# --- Posting a reply -----------------------------------------------------------------

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _post_reply(client, thread, key):
    """One reply through the form. The tasks it queues are rows of the database
    queue, stored with the change, as production makes them: they are counted."""
    url = reverse("network:reply", args=[thread.pk])
    body = f"Svar {key}: hur fick hemtjänsten sina nycklar?"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"body": body, "submission_key": key})
    assert response.status_code == 302, response.content[:500]
    return len(queries)


def _run_queued_tasks():
    """What the replies queued, run as the worker would (there is none in tests)."""
    from django_tasks_db.models import DBTaskResult

    for row in DBTaskResult.objects.order_by("enqueued_at"):
        import_string(row.task_path).func(
            *row.args_kwargs["args"], **row.args_kwargs["kwargs"]
        )
    DBTaskResult.objects.all().delete()


def test_a_reply_makes_at_most_20_queries_whatever_the_followers(demo, client):
    """The notifications, the search index and the rest leave the request as tasks:
    a reply costs the same once every member of the demo follows the thread and it
    has more posts."""
    thread = _thread()
    User = get_user_model()
    email = next(email for role, email, _pw in logins() if role == "ambassador")
    member = User.objects.get(email__iexact=email)
    client.force_login(member)
    assert client.get(thread.get_absolute_url()).status_code == 200
    with override_settings(TASKS=DATABASE_QUEUE):
        first = _post_reply(client, thread, "count-1")  # and starts following it
        again = _post_reply(client, thread, "count-2")
        followers = list(User.objects.filter(is_active=True).exclude(pk=member.pk))
        Subscription.objects.bulk_create(
            [
                Subscription(user=user, kind=Subscription.Kind.THREAD, thread=thread)
                for user in followers
            ],
            ignore_conflicts=True,
        )
        for number in range(5):
            services.reply(thread.author, thread, f"Ännu ett svar, nummer {number}.")
        more = _post_reply(client, thread, "count-3")
    _run_queued_tasks()
    told = Notification.objects.filter(post__submission_key="count-3")
    assert len(followers) > 10
    assert set(told.values_list("recipient_id", flat=True)) == {
        user.pk for user in followers
    }
    assert Subscription.objects.filter(user=member, thread=thread).count() == 1
    assert max(first, again, more) <= MAX_QUERIES, (first, again, more)
    assert more <= again, (again, more)
