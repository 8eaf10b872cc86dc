"""Whole pages kept for anonymous readers (dela/page_cache.py, issue 19): a kept page
costs no query, a change the page shows is seen on the next visit, a hidden post never
shows, signed-in readers neither get nor leave kept pages, each reader gets their own
CSRF token, languages do not mix, and browsers get ETags and 304s."""

import re

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client

from dela import page_cache
from home.highlights import THREADS
from home.models import HomePage
from network import moderation, services
from stories.models import StoryIndexPage
from tests.network.network_factories import make_category, make_thread
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.DELA_PAGE_CACHE_SECONDS = 300
    settings.NETWORK_LIMITS = {
        "posts_per_window": 10000,
        "new_member_posts_per_window": 10000,
        "ip_posts_per_window": 10000,
        "new_member_links_per_post": 100,
    }


@pytest.fixture
def story_index():
    home = HomePage.objects.first()
    index = StoryIndexPage(title="Berättelser", slug="stories")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def story(story_index):
    return publish_story(story_index, "Surfplattan i hemtjänsten")


@pytest.fixture
def thread(ambassador):
    return make_thread(
        ambassador,
        make_category(),
        title="Digitala nycklar",
        replies=[(ambassador, "Vi började i våras.")],
    )


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response


def test_a_second_anonymous_visit_costs_no_query(
    client, story, thread, django_assert_num_queries
):
    for url in ("/", story.url, "/stories/", thread.get_absolute_url(), "/network/"):
        first = _get(client, url)
        assert "X-Page-Cache" not in first
        with django_assert_num_queries(0):
            again = _get(client, url)
        assert again["X-Page-Cache"] == "hit"
        assert again.content.decode().count("<h1") == first.content.decode().count(
            "<h1"
        )
        assert (
            "public" in again["Cache-Control"]
            and "max-age=60" in again["Cache-Control"]
        )
        assert "Cookie" in again["Vary"] and "Accept-Language" in again["Vary"]


def test_publishing_shows_on_the_next_visit(client, story_index, story):
    assert "Cykelbiblioteket" not in _get(client, "/stories/").content.decode()
    assert _get(client, "/stories/")["X-Page-Cache"] == "hit"
    new = publish_story(story_index, "Cykelbiblioteket")
    listing = _get(client, "/stories/")
    assert "X-Page-Cache" not in listing
    assert "Cykelbiblioteket" in listing.content.decode()
    _get(client, new.url)
    new.unpublish()
    assert client.get(new.url).status_code == 404
    assert "Cykelbiblioteket" not in _get(client, "/stories/").content.decode()


def test_a_reply_shows_and_a_hidden_post_never_does(
    client, thread, ambassador, moderator
):
    url = thread.get_absolute_url()
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"
    post, _created = services.reply(ambassador, thread, "Nyckelskåpen kom i maj.")
    assert "Nyckelskåpen kom i maj." in _get(client, url).content.decode()
    assert _get(client, url)["X-Page-Cache"] == "hit"
    moderation.set_post_hidden(moderator, post, True)
    assert "Nyckelskåpen kom i maj." not in _get(client, url).content.decode()
    assert "Nyckelskåpen kom i maj." not in _get(client, url).content.decode()
    moderation.set_thread_state(moderator, thread, "hide")
    assert client.get(url).status_code == 404


def test_signed_in_readers_neither_get_nor_leave_kept_pages(client, thread, member):
    url = thread.get_absolute_url()
    _get(client, url)  # kept for anonymous readers
    client.force_login(member)
    signed_in = _get(client, url)
    assert "X-Page-Cache" not in signed_in
    assert "private" in signed_in["Cache-Control"]
    assert member.display_name in signed_in.content.decode()
    token = TOKEN.search(signed_in.content.decode()).group(1)
    home = _get(client, "/")
    assert "X-Page-Cache" not in home and "private" in home["Cache-Control"]
    assert member.display_name in home.content.decode()

    anonymous = Client()
    for page in (url, "/"):
        html = _get(anonymous, page).content.decode()
        assert member.display_name not in html
        assert token not in html
        assert anonymous.get(page)["X-Page-Cache"] == "hit"


def test_each_reader_gets_their_own_csrf_token(thread):
    url = thread.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(_get(first, url).content.decode()).group(1)
    second = Client(enforce_csrf_checks=True)
    kept = _get(second, url)
    assert kept["X-Page-Cache"] == "hit"
    second_token = TOKEN.search(kept.content.decode()).group(1)
    assert second_token != first_token
    assert page_cache.CSRF_PLACEHOLDER not in kept.content.decode()
    # the language switcher of the kept page works with the second reader's cookie
    switched = second.post(
        "/i18n/setlang/",
        {"language": "en", "next": url, "csrfmiddlewaretoken": second_token},
    )
    assert switched.status_code == 302
    assert second.cookies["dela_language"].value == "en"
    # and the first reader's token is refused with the second reader's cookie
    refused = second.post(
        "/i18n/setlang/",
        {"language": "sv", "next": url, "csrfmiddlewaretoken": first_token},
    )
    assert refused.status_code == 403


def test_languages_do_not_mix(client, story):
    client.cookies["dela_language"] = "en"
    english = _get(client, "/stories/").content.decode()
    assert '<html lang="en"' in english
    client.cookies["dela_language"] = "sv"
    swedish = _get(client, "/stories/")
    assert "X-Page-Cache" not in swedish
    assert '<html lang="sv"' in swedish.content.decode()
    del client.cookies["dela_language"]
    danish = _get(Client(), "/stories/", accept_language="da")
    assert '<html lang="da"' in danish.content.decode()
    again = _get(Client(), "/stories/", accept_language="da")
    assert again["X-Page-Cache"] == "hit"
    assert '<html lang="da"' in again.content.decode()
    client.cookies["dela_language"] = "en"
    assert '<html lang="en"' in _get(client, "/stories/").content.decode()


def test_a_browser_that_has_the_page_gets_304(client, story):
    first = _get(client, story.url)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert _get(client, story.url)["ETag"] == etag
    not_modified = client.get(story.url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(
        story.url, headers={"if-none-match": 'W/"other"'}
    ).status_code == (200)


def test_pages_that_say_private_are_never_kept(client, ambassador):
    client.force_login(ambassador)
    assert _get(client, "/network/notifications/")["Cache-Control"].startswith(
        "max-age=0"
    )
    client.logout()
    # a visitor is sent to sign in, and that answer is not kept either
    assert client.get("/network/notifications/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_the_setting_turns_it_off(client, story, settings):
    settings.DELA_PAGE_CACHE_SECONDS = 0
    _get(client, story.url)
    assert "X-Page-Cache" not in _get(client, story.url)


def test_home_blocks_listen_to_the_same_changes(client, thread, ambassador):
    _get(client, "/")
    key = make_template_fragment_key(THREADS, ["sv"])
    cache.set(key, "<p>kept</p>")
    generation = page_cache.generation()
    services.reply(ambassador, thread, "Ett svar till.")
    assert cache.get(key) is None
    assert page_cache.generation() > generation


def test_forgetting_happens_again_after_the_commit(
    client, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.content_changed(page_cache.PAGES)
    _get(client, story.url)  # a visit before the commit keeps the old page
    assert _get(client, story.url)["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    assert "X-Page-Cache" not in _get(client, story.url)


def test_on_redis_a_change_forgets_the_kept_page(client, story_index, redis_cache):
    """Production keeps pages in Redis, shared by every web process and the task
    worker: the generation counts up there."""
    server, prefix = redis_cache
    _get(client, "/stories/")
    assert _get(client, "/stories/")["X-Page-Cache"] == "hit"
    assert any(b":page:" in key for key in server.scan_iter(f"{prefix}:*"))
    before = page_cache.generation()
    publish_story(story_index, "Cykelbiblioteket")
    assert page_cache.generation() > before
    listing = _get(client, "/stories/")
    assert "X-Page-Cache" not in listing
    assert "Cykelbiblioteket" in listing.content.decode()
