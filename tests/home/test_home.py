"""The home page (issue 17): the editors' hero and featured video, and the blocks that
stay alive by themselves (latest stories, upcoming events, the week's active public
threads, the network's numbers), each cached per language and forgotten when what it
shows changes, in a number of queries that does not grow with the content."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role, grant_role
from home.models import HomePage
from network import moderation
from network.models import Post, Visibility
from stories.models import StoryIndexPage
from tests.events.event_helpers import make_event
from tests.factories import ImageFactory, MunicipalityFactory, UserFactory
from tests.network.network_factories import make_category, make_group, make_thread
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roomy_limits(settings):
    settings.NETWORK_LIMITS = {
        "posts_per_window": 10000,
        "new_member_posts_per_window": 10000,
        "ip_posts_per_window": 10000,
        "new_member_links_per_post": 100,
    }


@pytest.fixture
def home():
    return HomePage.objects.first()


@pytest.fixture
def story_index(home):
    index = StoryIndexPage(title="Berättelser", slug="stories")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _section(html, title):
    """The <section> of the home page whose heading is `title` ("" when absent)."""
    match = re.search(
        r'<section class="home-block[^"]*"[^>]*>\s*<h2[^>]*>'
        + re.escape(title)
        + r"</h2>(.*?)</section>",
        html,
        re.S,
    )
    return match.group(1) if match else ""


def _get(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        _get(client)
    return len(queries)


def test_the_home_page_shows_what_is_happening(
    client, home, story_index, ambassador, english
):
    publish_story(
        story_index,
        "Surfplattan i hemtjänsten",
        municipalities=[ambassador.municipality],
    )
    make_event(title="Nätverksträff i Halmstad", slug="traff-halmstad")
    make_event(
        title="Förra årets träff", slug="forra", starts_in=-datetime.timedelta(days=30)
    )
    thread = make_thread(ambassador, make_category(), title="Digitala nycklar?")
    html = _get(client)
    assert "Surfplattan i hemtjänsten" in _section(html, "Latest stories")
    events = _section(html, "Upcoming events")
    assert "Nätverksträff i Halmstad" in events and "Förra årets träff" not in events
    assert thread.title in _section(html, "Active in the network this week")
    assert "1 post this week" in html
    numbers = re.search(r'class="home-numbers".*?</section>', html, re.S).group(0)
    # the ambassador fixture and Halmstad; one story
    assert re.search(r"<dt>ambassador</dt><dd>1</dd>", numbers)
    assert re.search(r"<dt>municipality</dt><dd>1</dd>", numbers)
    assert re.search(r"<dt>published story</dt><dd>1</dd>", numbers)


def test_active_threads_are_public_ones_only(
    client, home, ambassador, moderator, english
):
    """Never a members-only category's, a private group's or a hidden thread, and
    hidden posts do not count."""
    public = make_category()
    members_only = make_category("Intern", visibility=Visibility.MEMBERS, slug="intern")
    private = make_group("Styrgruppen", Visibility.PRIVATE, admin=ambassador)
    make_thread(ambassador, public, title="Öppen tråd")
    make_thread(ambassador, members_only, title="Intern tråd")
    make_thread(ambassador, private, title="Hemlig tråd")
    hidden = make_thread(ambassador, public, title="Dold tråd")
    moderation.set_thread_state(moderator, hidden, "hide")
    noisy = make_thread(
        ambassador,
        public,
        title="Bullrig tråd",
        replies=[(moderator, "Svar ett"), (moderator, "Svar två")],
    )
    for post in Post.objects.filter(thread=noisy, position__gt=1):
        moderation.set_post_hidden(moderator, post, True)
    old = make_thread(ambassador, public, title="Gammal tråd")
    Post.objects.filter(thread=old).update(
        created_on=timezone.now() - datetime.timedelta(days=8)
    )
    # what members see is what visitors see: the home page is the same for all
    client.force_login(moderator)
    threads = _section(_get(client), "Active in the network this week")
    assert "Öppen tråd" in threads and "Bullrig tråd" in threads
    for title in ("Intern tråd", "Hemlig tråd", "Dold tråd", "Gammal tråd"):
        assert title not in threads
    # the hidden replies did not count: the noisy thread has one visible post
    assert re.search(
        r"Bullrig tråd</a>\s*<span class=\"meta\">[^<]*1 post this", threads
    )


def test_each_block_is_forgotten_when_what_it_shows_changes(
    client, home, story_index, ambassador, moderator, english
):
    """Cached: a second visit reads no story, event or thread. A publication, an
    unpublication, a new thread, a reply and a moderator's hiding show at once."""
    story = publish_story(story_index, "Första berättelsen")
    category = make_category()
    thread = make_thread(ambassador, category, title="Första tråden")
    first = _get(client)
    assert "Första berättelsen" in first and "Första tråden" in first
    warm = _queries(client)
    assert warm < _queries_cold(client)

    publish_story(story_index, "Andra berättelsen")
    assert "Andra berättelsen" in _section(_get(client), "Latest stories")
    story.unpublish()
    assert "Första berättelsen" not in _section(_get(client), "Latest stories")

    make_event(title="Ny träff", slug="ny-traff")
    make_event(title="Ny träff 2", slug="ny-traff-2").save_revision().publish()
    assert "Ny träff 2" in _section(_get(client), "Upcoming events")

    second = make_thread(ambassador, category, title="Andra tråden")
    assert "Andra tråden" in _section(_get(client), "Active in the network this week")
    from network import services

    services.reply(moderator, thread, "Ett svar")
    assert "2 posts this week" in _get(client)
    moderation.set_thread_state(moderator, second, "hide")
    assert "Andra tråden" not in _section(
        _get(client), "Active in the network this week"
    )

    def ambassadors_and_municipalities(html):
        found = re.search(
            r"ambassadors</dt><dd>(\d+)</dd>.*?municipalit(?:y|ies)</dt><dd>(\d+)</dd>",
            html,
            re.S,
        )
        return tuple(int(n) for n in found.groups())

    # the ambassador and the moderator, both of Halmstad
    assert ambassadors_and_municipalities(_get(client)) == (2, 1)
    laholm = MunicipalityFactory(name="Laholm", official_code="1381")
    newcomer = UserFactory(email="ny@example.org", municipality=laholm)
    grant_role(newcomer, Role.AMBASSADOR)
    assert ambassadors_and_municipalities(_get(client)) == (3, 2)


def _queries_cold(client):
    from home.highlights import forget

    forget()
    return _queries(client)


def _fill(story_index, ambassador, n, start):
    category = make_category(f"Rum {start}", slug=f"rum-{start}")
    municipality = ambassador.municipality
    for i in range(start, start + n):
        publish_story(
            story_index,
            f"Berättelse {i}",
            municipalities=[municipality],
            tags=[f"t{i}"],
        )
        make_event(title=f"Träff {i}", slug=f"traff-{i}")
        make_thread(ambassador, category, title=f"Tråd nummer {i}")


def test_the_number_of_queries_does_not_grow_with_the_content(
    client, home, story_index, ambassador, django_assert_max_num_queries
):
    _fill(story_index, ambassador, 3, 0)
    _get(client)  # what any page reads once (the site, the branding) is cached
    cold_three = _queries_cold(client)
    warm_three = _queries(client)
    _fill(story_index, ambassador, 27, 3)
    # the new content is a new generation: the menu and footer every page shows are
    # read again once (dela.page_cache), then the blocks are measured as before
    _get(client)
    with django_assert_max_num_queries(cold_three):
        forget_and_get(client)
    with django_assert_max_num_queries(warm_three):
        _get(client)
    # the cached blocks cost no query at all
    assert warm_three < cold_three


def forget_and_get(client):
    from home.highlights import forget

    forget()
    return _get(client)


def test_blocks_are_cached_per_language(client, home, story_index, settings):
    publish_story(story_index, "En berättelse")
    client.cookies["dela_language"] = "en"
    assert "Latest stories" in _get(client)
    client.cookies["dela_language"] = "sv"
    html = _get(client)
    assert "Latest stories" not in html and "En berättelse" in html
    assert "Senaste berättelserna" in html


def test_the_hero_image_needs_its_alternative_text(home):
    image = ImageFactory(title="Ombud")
    home.hero_image = image
    home.hero_image_alt = " "
    with pytest.raises(ValidationError) as error:
        home.full_clean()
    assert "hero_image_alt" in error.value.message_dict


def test_the_hero_shows_its_picture_in_modern_formats(client, home):
    image = ImageFactory(title="Ombud", file__width=1600, file__height=900)
    home.hero_image = image
    home.hero_image_alt = "Två ombud visar en surfplatta"
    home.save_revision().publish()
    html = _get(client)
    picture = re.search(r"<picture.*?</picture>", html, re.S).group(0)
    assert 'alt="Två ombud visar en surfplatta"' in picture
    assert 'type="image/webp"' in picture and "srcset=" in picture
    assert "Sök" in html  # the search box stays in the hero (Swedish by default)


def test_blocks_are_forgotten_again_when_the_change_commits(
    django_capture_on_commit_callbacks,
):
    """A visit between a change and its commit caches what the database still
    showed: the fragments are dropped once more after the commit."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from home.highlights import STORIES, forget

    key = make_template_fragment_key(STORIES, ["sv"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        forget(STORIES)
    cache.set(key, "<p>what the database showed before the commit</p>")
    for callback in callbacks:
        callback()
    assert cache.get(key) is None
