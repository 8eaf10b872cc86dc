"""What the home page shows by itself: the latest published stories, upcoming events,
the week's most active public threads, the featured video and the network's numbers.

Each block is a template fragment cached per language (`{% cache %}` in
home/home_page.html, named in BLOCKS) and forgotten when what it shows changes: a page
published or unpublished, a post or thread written or deleted, a moderator's action, a
registration, a member becoming an ambassador: dela.page_cache, which also keeps whole
pages for anonymous readers, owns that rule and tells connect()'s listener. The
fragments also expire after CACHE_SECONDS, so events that began and activity older than
a week leave by themselves. The queries below run only when a fragment is rendered;
each is one query (or one plus a fixed number of prefetches), whatever the number of
items.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Count, Q
from django.utils import timezone

from dela import page_cache

CACHE_SECONDS = 10 * 60
LATEST_STORIES = 3
UPCOMING_EVENTS = 3
ACTIVE_THREADS = 5
ACTIVE_DAYS = 7

# The fragment names used in home/home_page.html.
STORIES, EVENTS, THREADS, VIDEO, NUMBERS = (
    "home-stories",
    "home-events",
    "home-threads",
    "home-video",
    "home-numbers",
)
BLOCKS = (STORIES, EVENTS, THREADS, VIDEO, NUMBERS)


def _fragment_cache():
    # The cache {% cache %} uses: "template_fragments" when configured.
    name = (
        "template_fragments" if "template_fragments" in settings.CACHES else "default"
    )
    return caches[name]


def _keys(blocks):
    return [
        make_template_fragment_key(block, [code])
        for block in blocks
        for code, _name in settings.LANGUAGES
    ]


def forget(*blocks):
    """Drop the cached fragments of these blocks (all of them without arguments), in
    every interface language, now and again after the commit."""
    keys = _keys(blocks or BLOCKS)
    page_cache.now_and_after_commit(lambda: _fragment_cache().delete_many(keys))


class HomeHighlights:
    """The blocks' contents for the template; each method queries only when called."""

    def __init__(self, page):
        self.page = page

    def stories(self):
        from stories.models import CaseStoryPage

        return list(
            CaseStoryPage.objects.in_catalogue()
            .for_listing()
            .order_by("-first_published_at", "-pk")[:LATEST_STORIES]
        )

    def events(self):
        from events.models import EventPage

        return list(
            EventPage.objects.live()
            .public()
            .upcoming()
            .for_listing()
            .filter(cancelled=False)[:UPCOMING_EVENTS]
        )

    def threads(self):
        """The public threads with the most visible posts in the last week: a
        visitor's view, so never a members-only or private place, a hidden thread or
        a hidden or deleted post."""
        from network.permissions import network_permissions

        since = timezone.now() - timedelta(days=ACTIVE_DAYS)
        return list(
            network_permissions.readable_threads(AnonymousUser())
            .annotate(
                week_posts=Count(
                    "posts",
                    filter=Q(
                        posts__created_on__gte=since,
                        posts__hidden=False,
                        posts__deleted_on__isnull=True,
                    ),
                )
            )
            .filter(week_posts__gt=0)
            .select_related("category", "group")
            .order_by("-week_posts", "-last_post_on", "-pk")[:ACTIVE_THREADS]
        )

    def story_index(self):
        from stories.models import StoryIndexPage

        return StoryIndexPage.objects.live().public().first()

    def event_index(self):
        from events.models import EventIndexPage

        return EventIndexPage.objects.live().public().first()

    def video(self):
        """The editor's featured video while it is published and public."""
        from media.models import VideoPage

        if not self.page.featured_video_id:
            return None
        return (
            VideoPage.objects.live()
            .public()
            .for_listing()
            .filter(pk=self.page.featured_video_id)
            .first()
        )

    def numbers(self):
        """Ambassadors in the directory, the municipalities they come from, and the
        published stories."""
        from accounts.roles import in_directory_q
        from stories.models import CaseStoryPage

        ambassadors = get_user_model().objects.filter(in_directory_q())
        counts = ambassadors.aggregate(
            people=Count("pk", distinct=True),
            municipalities=Count("municipality", distinct=True),
        )
        return {
            "ambassadors": counts["people"],
            "municipalities": counts["municipalities"],
            "stories": CaseStoryPage.objects.in_catalogue().count(),
        }


def home_highlights(page):
    return HomeHighlights(page)


# --- Invalidation -----------------------------------------------------------------

# Which blocks show what kind of change (dela.page_cache names the kinds).
_BLOCKS_OF = {
    "pages": (STORIES, EVENTS, VIDEO, NUMBERS),
    "network": (THREADS,),
    "events": (EVENTS,),
    "people": (NUMBERS,),
}


def _content_changed(kinds):
    # dela.page_cache calls this now and again after the commit.
    blocks = {block for kind in kinds for block in _BLOCKS_OF.get(kind, ())}
    if blocks:
        _fragment_cache().delete_many(_keys(blocks))


def connect():
    """Forget the blocks when the public content they show changes: dela.page_cache
    owns which changes count and when they are forgotten (HomeConfig.ready)."""
    page_cache.listen(_content_changed)
