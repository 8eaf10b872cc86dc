"""`manage.py generate_scale_data`: the benchmark's data, proportional to --scale,
bulk-inserted yet a consistent Wagtail tree and search index, refused twice unless
--reset, and a clear error for a bad --scale. Run at a tiny scale on top of the demo."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import translation
from wagtail.models import Page

from accounts.roles import GROUP_NAMES, Role
from catalogue.models import CatalogueEntryPage
from dela.management.commands.generate_scale_data import (
    FULL_SCALE,
    SCALE_DOMAIN,
    SCALE_PREFIX,
    counts_for,
)
from media.models import CaptionTrack, VideoPage
from network.models import Notification, Post, Reaction, Thread
from search.models import IndexEntry
from stories.models import CaseStoryPage

SCALE = "0.002"


@pytest.fixture(scope="module")
def scale_data(demo, django_db_blocker):
    """The scale data at 0.2% on the session's shared demo, once for the module (in
    a savepoint rolled back after)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("generate_scale_data", "--scale", SCALE, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def generated():
    """What the generated rows count, by the names of FULL_SCALE."""
    users = get_user_model().objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
    threads = Thread.objects.filter(author__in=users)
    pages = Page.objects.filter(slug__startswith=SCALE_PREFIX)
    return {
        "members": users.count(),
        "ambassadors": users.filter(groups__name=GROUP_NAMES[Role.AMBASSADOR]).count(),
        "stories": pages.type(CaseStoryPage).count(),
        "entries": pages.type(CatalogueEntryPage).count(),
        "videos": pages.type(VideoPage).count(),
        "threads": threads.count(),
        "posts": Post.objects.filter(thread__in=threads).count(),
        "reactions": Reaction.objects.filter(post__thread__in=threads).count(),
        "notifications": Notification.objects.filter(thread__in=threads).count(),
    }


def test_counts_are_the_scale_times_full_scale(scale_data, db):
    expected = counts_for(float(SCALE))
    assert expected["members"] == round(FULL_SCALE["members"] * 0.002) == 20
    made = generated()
    assert made == {name: expected[name] for name in made}
    # A progress line per stage, each with the time since the start.
    for stage in ("members:", "story pages:", "posts:", "search index:", "ANALYZE"):
        assert stage in scale_data


def test_pages_form_a_sound_wagtail_tree_and_are_served(scale_data, db):
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5
    client = Client()
    for model in (CaseStoryPage, CatalogueEntryPage, VideoPage):
        page = model.objects.live().filter(slug__startswith=SCALE_PREFIX).first()
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title.encode() in response.content.replace(b"&#x27;", b"'")
    # Each generated video carries a caption track in its page's language.
    for page in VideoPage.objects.filter(slug__startswith=SCALE_PREFIX):
        assert CaptionTrack.objects.filter(
            video=page.video, language=page.language
        ).exists()


def test_the_long_thread_and_the_search_index(scale_data, db):
    users = get_user_model().objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
    longest = Thread.objects.filter(author__in=users).order_by("-posts_count")[0]
    assert longest.posts_count >= 50
    assert longest.posts.count() == longest.posts_count
    assert Client().get(longest.get_absolute_url()).status_code == 200
    # Built in bulk: every generated thread and page is findable (the suite's drift
    # check after each test proves no document is missing or stale).
    assert (
        IndexEntry.objects.filter(doc_id__startswith="thread:").count()
        >= (generated()["threads"])
    )


def test_a_second_run_refuses_and_reset_replaces(scale_data, db):
    before = generated()
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_scale_data", "--scale", SCALE, stdout=StringIO())
    assert generated() == before
    call_command("generate_scale_data", "--scale", SCALE, "--reset", stdout=StringIO())
    assert generated() == before  # replaced, not doubled
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5


@pytest.mark.parametrize("scale", ["0", "-0.5", "1.5", "all", "nan"])
def test_a_bad_scale_is_a_clear_error(scale, db):
    before = generated()
    with translation.override("en"):
        with pytest.raises(CommandError, match="--scale must be a number above 0"):
            call_command("generate_scale_data", "--scale", scale, stdout=StringIO())
    with translation.override("sv"):  # and in the operator's language
        with pytest.raises(CommandError, match="--scale måste vara ett tal över 0"):
            call_command("generate_scale_data", "--scale", scale, stdout=StringIO())
    assert generated() == before  # nothing made, nothing removed
