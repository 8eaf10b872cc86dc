"""Who may open what: every address of the site × every role, generated from the URL
conf so that a new address cannot be forgotten.

The rules, as the README gives them:

- Visitors read public pages and search. A page that needs an account sends them to
  log in (302 to /accounts/login/); a page about something they may not know exists
  (a private group's thread, another person's draft, an unpublished video) is the same
  404 as an address that never was.
- Members edit their own profile, reply, react, follow; ambassadors also share
  stories and videos and start threads; moderators look after the network; editors
  work in the Wagtail admin; the admin (superuser) may do everything.
- A private group's threads, posts and images are for its members and the
  moderators. A members-only profile (and its photo) is for the person, the people
  who share a group or a thread with them, the moderators, and every member when
  the person is in the directory (an ambassador). An erased member is nobody's.
- Drafts, unpublished videos and the pictures of shared stories are their author's
  and the editors' until published. Nobody reaches someone else's object by guessing
  its id.
- Suspended members read but do not write.
- Addresses that change something answer a GET with 405 or a redirect: never a 200
  that did something (nothing people wrote, decided or chose changes during the
  sweep), never a 500.
- The Wagtail admin is for editors and the admin: every other role meets the admin's
  login page or a refusal at every admin address (bar the few pages Wagtail shows to
  anyone: its login, password reset, icons and translations).

The roles: visitor, member, ambassador, group_member and group_admin (plain members
in and at the head of the private group Styrgruppen), moderator, editor, admin, and
suspended (a member a moderator has suspended).

Three tests: every pattern of the URL conf and every route of the routable pages is
in MATRIX or EXEMPT (with a reason); the matrix, one test per role; and every admin
address for the roles without the admin. A known bug is written as `Bug(got,
expected, why)` in place of the expected answer: that role's case is left out until
the bug is fixed, and the Bug is then replaced by the right answer.
"""

import datetime
import functools
import io
import itertools
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.regex_helper import normalize

from accounts.roles import Role, grant_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "member",
    "ambassador",
    "group_member",
    "group_admin",
    "moderator",
    "editor",
    "admin",
    "suspended",
    "programme_lead",
]

# --- Expected outcomes --------------------------------------------------------------

LOGIN = "login"  # 302 to allauth's login page, with ?next=


@dataclass(frozen=True)
class To:
    """A redirect (301/302) whose Location has the path `target` (a string, or a
    function of the world); the query string may add ?next=."""

    target: Any


@dataclass(frozen=True)
class Bug:
    """A known bug, left out of the expectations until it is fixed: what the role
    gets, what it should get and why. The case is not asked for that role (the
    others still are); replace the Bug with the expected outcome with the fix."""

    got: Any
    expected: Any
    why: str


def row(default, **per_role):
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: per_role.get(role, default) for role in ROLES}


EVERYONE = row(200)
SIGNED_IN = row(200, visitor=LOGIN)
POST_ONLY = row(405)
NOBODY = row(404)
MODERATORS = row(403, visitor=LOGIN, moderator=200, admin=200)
# A private group's things: its members, the moderators, the admin; 404 for the rest.
GROUP_READERS = row(404, group_member=200, group_admin=200, moderator=200, admin=200)
# Drafts, unpublished videos, shared pictures: the author (the ambassador), the
# editors and the admin.
AUTHOR_AND_EDITORS = row(404, ambassador=200, editor=200, admin=200)


TO_THREAD = To(lambda w: w.thread.get_absolute_url())
_to_private = To(lambda w: w.private_thread.get_absolute_url())
TO_PRIVATE_THREAD_FOR_READERS = row(
    404,
    group_member=_to_private,
    group_admin=_to_private,
    moderator=_to_private,
    admin=_to_private,
)


@dataclass
class Case:
    url: Any  # a path, or a function of the world giving one
    expected: dict
    note: str = ""


def case(url, expected, note=""):
    return Case(url, expected, note)


def _page_url(page_name, suffix=""):
    return lambda w: getattr(w, page_name).url + suffix


# --- The matrix: pattern key -> cases -------------------------------------------------
# A key is the pattern's namespaced name ("network:thread"), its route when it has no
# name, or "<app_label.PageModel>:<route name>" for a routable page's own routes.

MATRIX = {
    # Site-wide.
    "healthz": [case("/healthz", EVERYONE)],
    # No SECURITY_CONTACT in the tests: no file (dela/test_launch_files.py has one).
    "security_txt": [case("/.well-known/security.txt", NOBODY)],
    "robots_txt": [case("/robots.txt", EVERYONE)],
    "web_manifest": [case("/manifest.webmanifest", EVERYONE)],
    "favicon": [case("/favicon.ico", row(To(lambda w: static("img/favicon.svg"))))],
    "sitemap": [case("/sitemap.xml", EVERYONE)],
    "wagtail_serve": [
        case("/", EVERYONE, "home page"),
        case(_page_url("story"), EVERYONE, "a published story"),
        case(_page_url("entry"), EVERYONE, "a catalogue entry"),
        case(_page_url("path"), EVERYONE, "a learning path"),
        case(_page_url("paths_index"), EVERYONE, "the learning paths"),
        # A draft has no public address, not even for its author or the editors
        # (they follow it in /stories/drafts/ and preview it in the admin).
        case(_page_url("draft_story"), NOBODY, "the ambassador's draft story"),
        case(_page_url("password_page"), EVERYONE, "a password page: its form"),
        case(
            _page_url("members_page"),
            SIGNED_IN,
            "a members-only page",
        ),
    ],
    # The editors read a draft in the admin (the author in /stories/drafts/): the one
    # admin address in the matrix, where the roles without the admin are sent to its
    # login (the admin test below asks every admin address of them).
    "wagtailadmin_pages:view_draft": [
        case(
            lambda w: f"/admin/pages/{w.draft_story.pk}/view_draft/",
            row(To("/admin/login/"), editor=200, admin=200),
            "the ambassador's draft story",
        )
    ],
    "wagtailcore_authenticate_with_password": [
        case(
            lambda w: (
                f"/_util/authenticate_with_password/{w.password_restriction.pk}/"
                f"{w.password_page.pk}/"
            ),
            EVERYONE,
            "the password form",
        )
    ],
    # One login, allauth's: Wagtail's own front-end login form is not there.
    "front_end_login": [case("/_util/login/", row(To("/accounts/login/")))],
    "set_language": [case("/i18n/setlang/?next=/network/", row(To("/network/")))],
    # Documents.
    "wagtaildocs_serve": [
        case(lambda w: w.document.url, EVERYONE, "a document in the public library"),
        case(
            lambda w: w.private_document.url,
            # Someone signed in whom the restriction does not admit: a 404 (a
            # login page would only send them back).
            row(404, visitor=LOGIN, editor=200, admin=200),
            "a document in the editors' private collection",
        ),
    ],
    "wagtaildocs_authenticate_with_password": [
        case(
            lambda w: (
                f"/documents/authenticate_with_password/{w.document_restriction.pk}/"
            ),
            EVERYONE,
            "the password form of a collection",
        )
    ],
    # Accounts (Dela's and allauth's).
    "accounts:profile": [case("/accounts/profile/", SIGNED_IN)],
    "accounts:ambassador_request": [
        case(
            "/accounts/ambassador/",
            # Ambassadors (moderators are too) are told so on their profile.
            row(
                200,
                visitor=LOGIN,
                ambassador=To("/accounts/profile/"),
                moderator=To("/accounts/profile/"),
                admin=To("/accounts/profile/"),
            ),
        )
    ],
    "account_login": [
        case("/accounts/login/", row(To("/accounts/profile/"), visitor=200))
    ],
    "account_logout": [case("/accounts/logout/", row(200, visitor=To("/")))],
    "account_inactive": [case("/accounts/inactive/", EVERYONE)],
    "account_signup": [
        case("/accounts/signup/", row(To("/accounts/profile/"), visitor=200))
    ],
    "account_reauthenticate": [case("/accounts/reauthenticate/", SIGNED_IN)],
    "account_email": [case("/accounts/email/", SIGNED_IN)],
    "account_email_verification_sent": [case("/accounts/confirm-email/", EVERYONE)],
    "account_change_password": [case("/accounts/password/change/", SIGNED_IN)],
    "account_set_password": [
        case(
            "/accounts/password/set/",
            row(To("/accounts/password/change/"), visitor=LOGIN),
        )
    ],
    "account_reset_password": [case("/accounts/password/reset/", EVERYONE)],
    "account_reset_password_done": [case("/accounts/password/reset/done/", EVERYONE)],
    "account_reset_password_from_key": [
        case("/accounts/password/reset/key/1-nonsense/", EVERYONE, "a bad key")
    ],
    "account_reset_password_from_key_done": [
        case("/accounts/password/reset/key/done/", EVERYONE)
    ],
    "account_confirm_email": [
        case("/accounts/confirm-email/nonsense/", EVERYONE, "a bad key")
    ],
    "account_confirm_login_code": [
        case(
            "/accounts/login/code/confirm/",
            row(To("/accounts/profile/"), visitor=To("/accounts/login/")),
            "no login code pending",
        )
    ],
    "socialaccount_login_cancelled": [
        case("/accounts/3rdparty/login/cancelled/", EVERYONE)
    ],
    # allauth's "third-party login failed" page says so with 401.
    "socialaccount_login_error": [case("/accounts/3rdparty/login/error/", row(401))],
    "socialaccount_signup": [
        case("/accounts/3rdparty/signup/", row(To("/accounts/login/")))
    ],
    "socialaccount_connections": [case("/accounts/3rdparty/", SIGNED_IN)],
    # allauth's legacy addresses: permanent redirects to the ones above, nothing more.
    "accounts/social/login/cancelled/": [
        case(
            "/accounts/social/login/cancelled/",
            row(To("/accounts/3rdparty/login/cancelled/")),
        )
    ],
    "accounts/social/login/error/": [
        case(
            "/accounts/social/login/error/", row(To("/accounts/3rdparty/login/error/"))
        )
    ],
    "accounts/social/signup/": [
        case("/accounts/social/signup/", row(To("/accounts/3rdparty/signup/")))
    ],
    "accounts/social/connections/": [
        case("/accounts/social/connections/", row(To("/accounts/3rdparty/")))
    ],
    "openid_connect_login": [
        case("/accounts/oidc/nowhere/login/", NOBODY, "a provider not configured")
    ],
    # Search and APIs.
    "search": [case("/search/?q=v%C3%A4lf%C3%A4rdsteknik", EVERYONE)],
    "search_autocomplete": [case("/search/suggest/?q=dig", EVERYONE)],
    # A followed result is counted, then the reader goes on; off-site is refused.
    "search_click": [
        case("/search/click/?q=dig&to=/stories/", row(To("/stories/"))),
        case("/search/click/?q=dig&to=//evil.example/", row(400), "another host"),
    ],
    "api_search": [case("/api/search/?q=hemtj%C3%A4nst", EVERYONE)],
    "wagtailapi:pages:listing": [case("/api/v2/pages/", EVERYONE)],
    "wagtailapi:pages:detail": [
        case(lambda w: f"/api/v2/pages/{w.story.pk}/", EVERYONE, "a published story"),
        case(lambda w: f"/api/v2/pages/{w.draft_story.pk}/", NOBODY, "a draft"),
        # As the page itself: for those signed in.
        case(
            lambda w: f"/api/v2/pages/{w.members_page.pk}/",
            row(200, visitor=404),
            "a members-only page",
        ),
    ],
    "wagtailapi:pages:find": [
        case(
            lambda w: f"/api/v2/pages/find/?html_path={w.story.url}",
            row(To(lambda w: f"/api/v2/pages/{w.story.pk}/")),
            "a published story by its address",
        ),
        case(
            lambda w: f"/api/v2/pages/find/?html_path={w.draft_story.url}",
            NOBODY,
            "a draft by its address",
        ),
    ],
    "wagtailapi:images:listing": [case("/api/v2/images/", EVERYONE)],
    "wagtailapi:images:detail": [
        case(
            lambda w: f"/api/v2/images/{w.story_image.pk}/",
            NOBODY,
            "a draft story's picture",
        )
    ],
    "wagtailapi:images:find": [
        case(
            lambda w: f"/api/v2/images/find/?id={w.story_image.pk}",
            NOBODY,
            "a draft story's picture",
        )
    ],
    "wagtailapi:documents:listing": [case("/api/v2/documents/", EVERYONE)],
    "wagtailapi:documents:detail": [
        case(lambda w: f"/api/v2/documents/{w.document.pk}/", EVERYONE),
        case(
            lambda w: f"/api/v2/documents/{w.private_document.pk}/",
            row(404, editor=200, admin=200),
            "a document in the editors' private collection",
        ),
    ],
    "wagtailapi:documents:find": [
        case(
            lambda w: f"/api/v2/documents/find/?id={w.document.pk}",
            row(To(lambda w: f"/api/v2/documents/{w.document.pk}/")),
        )
    ],
    # Stories.
    "stories.StoryIndexPage:listing_route": [case("/stories/", EVERYONE)],
    "stories.StoryIndexPage:tag": [
        case(lambda w: f"/stories/tag/{w.story_tag.slug}/", EVERYONE)
    ],
    "stories.StoryIndexPage:share": [case("/stories/share/", SIGNED_IN)],
    "stories.StoryIndexPage:drafts": [case("/stories/drafts/", SIGNED_IN)],
    "stories.StoryIndexPage:edit_submission": [
        case(
            lambda w: f"/stories/drafts/{w.draft_story.pk}/edit/",
            # Another person's submission does not exist for anyone else, editors
            # included (they edit in the admin).
            row(404, visitor=LOGIN, ambassador=200),
            "the ambassador's story sent back for changes",
        )
    ],
    # Catalogue.
    "catalogue.CatalogueIndexPage:index_route": [case("/catalogue/", EVERYONE)],
    "catalogue.CatalogueIndexPage:export": [
        case("/catalogue/export/csv/", EVERYONE),
        case("/catalogue/export/json/", EVERYONE),
    ],
    "catalogue_export": [
        case("/catalogue/export.csv", EVERYONE),
        case("/catalogue/export.json", EVERYONE),
    ],
    "catalogue.CatalogueIndexPage:feed": [
        case("/catalogue/feed/rss/", EVERYONE),
        case("/catalogue/feed/atom/", EVERYONE),
    ],
    # Events.
    "events.EventIndexPage:upcoming": [case("/events/", EVERYONE)],
    "events.EventIndexPage:past": [case("/events/past/", EVERYONE)],
    "events.EventIndexPage:feed": [case("/events/feed/", EVERYONE)],
    "events_feed": [case("/events/feed.ics", EVERYONE)],
    "events.EventPage:index_route": [case(_page_url("event"), EVERYONE)],
    "events.EventPage:ics": [case(_page_url("event", "ics/"), EVERYONE)],
    "event_ics": [case(_page_url("event", "event.ics"), EVERYONE)],
    # Registering and cancelling change something: POST only.
    "events.EventPage:register": [case(_page_url("event", "register/"), POST_ONLY)],
    "events.EventPage:cancel_registration": [
        case(_page_url("event", "cancel-registration/"), POST_ONLY)
    ],
    # The video library.
    "dela_media.VideoIndexPage:listing_route": [case("/videos/", EVERYONE)],
    "dela_media.VideoIndexPage:upload": [case("/videos/upload/", SIGNED_IN)],
    "dela_media.VideoIndexPage:upload_status": [
        case(
            lambda w: f"/videos/upload/{w.draft_video.pk}/",
            row(404, visitor=LOGIN, ambassador=200, editor=200, admin=200),
            "an unpublished video's status page",
        )
    ],
    "dela_media.VideoPage:index_route": [case(_page_url("video_page"), EVERYONE)],
    "dela_media.VideoPage:transcript": [
        case(_page_url("video_page", "transcript/"), EVERYONE)
    ],
    "media:video_transcript": [
        case(_page_url("video_page", "transcript.txt"), EVERYONE)
    ],
    "media:status_fragment": [
        case(
            lambda w: f"/videos-status/{w.draft_video.pk}/",
            AUTHOR_AND_EDITORS,
            "an unpublished video",
        )
    ],
    "media:serve": [
        case(lambda w: w.video.file.url, EVERYONE, "a published video's film"),
        case(lambda w: w.draft_video.file.url, AUTHOR_AND_EDITORS, "unpublished film"),
        case(
            lambda w: w.draft_video_track.file.url,
            AUTHOR_AND_EDITORS,
            "an unpublished video's captions",
        ),
        case(
            lambda w: w.story_image.file.url,
            AUTHOR_AND_EDITORS,
            "a draft story's picture (original)",
        ),
        case(
            lambda w: "/media/" + w.private_image.image.name,
            NOBODY,
            "a network image's own file (only through its view)",
        ),
    ],
    # The network.
    "network:index": [case("/network/", EVERYONE)],
    "network:new_thread": [case("/network/new/", SIGNED_IN)],
    "network:category": [
        case("/network/c/valfardsteknik/", EVERYONE, "public"),
        case("/network/c/intern/", SIGNED_IN, "members-only"),
    ],
    "network:new_thread_category": [
        case(
            "/network/c/valfardsteknik/new/",
            row(403, visitor=LOGIN, ambassador=200, moderator=200, admin=200),
            "a category for ambassadors",
        ),
        case(
            "/network/c/intern/new/",
            row(200, visitor=LOGIN, suspended=403),
            "a members-only category where members start threads",
        ),
    ],
    "network:group_by_pk": [
        case(
            lambda w: f"/network/g/{w.public_group.pk}/",
            row(To("/network/groups/digga-halland/")),
            "public group",
        ),
        case(
            lambda w: f"/network/g/{w.private_group.pk}/",
            row(To("/network/groups/styrgruppen/"), visitor=404),
            "private group",
        ),
    ],
    "network:group": [
        case("/network/groups/digga-halland/", EVERYONE, "public"),
        # A private group shows its description and "ask to join" to members.
        case("/network/groups/styrgruppen/", SIGNED_IN, "private"),
    ],
    "network:new_thread_group": [
        case(
            "/network/groups/styrgruppen/new/",
            row(
                404,
                visitor=LOGIN,
                group_member=200,
                group_admin=200,
                moderator=200,
                admin=200,
            ),
            "private group",
        )
    ],
    "network:join_group": [case("/network/groups/digga-halland/join/", POST_ONLY)],
    "network:leave_group": [case("/network/groups/digga-halland/leave/", POST_ONLY)],
    "network:group_requests": [
        case(
            "/network/groups/styrgruppen/members/",
            row(403, visitor=LOGIN, group_admin=200, moderator=200, admin=200),
            "private group",
        )
    ],
    "network:tag": [case("/network/tags/hemtjanst/", EVERYONE)],
    "network:watch": [
        case(lambda w: f"/network/watch/category/{w.category.pk}/", POST_ONLY)
    ],
    "network:thread_short": [
        case(lambda w: f"/network/t/{w.thread.pk}/", row(TO_THREAD), "public"),
        case(
            lambda w: f"/network/t/{w.private_thread.pk}/",
            TO_PRIVATE_THREAD_FOR_READERS,
            "private group's thread",
        ),
    ],
    "network:thread": [
        case(lambda w: w.thread.get_absolute_url(), EVERYONE, "public"),
        case(lambda w: w.members_thread.get_absolute_url(), SIGNED_IN, "members-only"),
        # Visitors get the same 404 as for a thread that never was.
        case(lambda w: w.private_thread.get_absolute_url(), GROUP_READERS, "private"),
    ],
    "network:reply": [
        case(
            lambda w: f"/network/t/{w.thread.pk}/-/reply/",
            row(TO_THREAD),
            "public thread: back to it",
        ),
        case(
            lambda w: f"/network/t/{w.private_thread.pk}/-/reply/",
            TO_PRIVATE_THREAD_FOR_READERS,
            "private thread",
        ),
    ],
    "network:thread_watch": [
        case(lambda w: f"/network/t/{w.thread.pk}/-/watch/", POST_ONLY)
    ],
    "network:thread_unsolve": [
        case(lambda w: f"/network/t/{w.thread.pk}/-/unsolve/", POST_ONLY)
    ],
    "network:thread_moderate": [
        case(lambda w: f"/network/t/{w.thread.pk}/-/moderate/", POST_ONLY)
    ],
    "network:thread_move": [
        case(lambda w: f"/network/t/{w.thread.pk}/-/move/", MODERATORS)
    ],
    "network:thread_merge": [
        case(lambda w: f"/network/t/{w.thread.pk}/-/merge/", MODERATORS)
    ],
    "network:thread_story": [
        case(
            lambda w: f"/network/t/{w.thread.pk}/-/story/",
            # A solved public thread: a moderator may turn it into a story (its
            # author and the solution's author too; neither is a role here).
            MODERATORS,
            "solved public thread",
        ),
        case(
            lambda w: f"/network/t/{w.private_thread.pk}/-/story/",
            row(
                404,
                group_member=403,
                group_admin=403,
                moderator=403,
                admin=403,
            ),
            "private group's thread",
        ),
    ],
    "network:post": [
        case(lambda w: f"/network/p/{w.reply.pk}/", row(TO_THREAD)),
        # Guessing a private thread's post id tells nothing.
        case(
            lambda w: f"/network/p/{w.private_post.pk}/",
            TO_PRIVATE_THREAD_FOR_READERS,
            "a private thread's post",
        ),
    ],
    "network:post_image": [
        case(lambda w: w.public_image.get_absolute_url(), EVERYONE, "public thread"),
        case(
            lambda w: w.members_image.get_absolute_url(),
            SIGNED_IN,
            "members-only category",
        ),
        case(
            lambda w: w.private_image.get_absolute_url(),
            row(
                404,
                visitor=404,  # as for its thread: nothing learnt
                group_member=200,
                group_admin=200,
                moderator=200,
                admin=200,
            ),
            "private group's thread",
        ),
    ],
    "network:post_edit": [
        case(
            lambda w: f"/network/p/{w.first_post.pk}/edit/",
            MODERATORS,
            "another's post",
        ),
        case(
            lambda w: f"/network/p/{w.reply.pk}/edit/",
            row(403, visitor=LOGIN, member=200, moderator=200, admin=200),
            "the member's own reply",
        ),
        case(
            lambda w: f"/network/p/{w.private_post.pk}/edit/",
            row(
                404,
                visitor=LOGIN,
                group_member=403,
                group_admin=200,
                moderator=200,
                admin=200,
            ),
            "a private thread's post by the group admin",
        ),
    ],
    "network:post_delete": [
        case(lambda w: f"/network/p/{w.reply.pk}/delete/", POST_ONLY)
    ],
    "network:post_history": [
        case(lambda w: f"/network/p/{w.reply.pk}/history/", EVERYONE),
        case(
            lambda w: f"/network/p/{w.private_post.pk}/history/",
            GROUP_READERS,
            "a private thread's post",
        ),
    ],
    "network:post_revision_remove": [
        case(
            lambda w: f"/network/p/{w.reply.pk}/history/{w.revision.pk}/remove/",
            POST_ONLY,
        )
    ],
    "network:post_solution": [
        case(lambda w: f"/network/p/{w.reply.pk}/solution/", POST_ONLY)
    ],
    "network:post_react": [
        case(lambda w: f"/network/p/{w.reply.pk}/react/", POST_ONLY)
    ],
    "network:post_bookmark": [
        case(lambda w: f"/network/p/{w.reply.pk}/bookmark/", POST_ONLY)
    ],
    "network:post_flag": [
        case(lambda w: f"/network/p/{w.first_post.pk}/flag/", SIGNED_IN),
        case(
            lambda w: f"/network/p/{w.private_post.pk}/flag/",
            row(
                404,
                visitor=LOGIN,
                group_member=200,
                group_admin=403,
                moderator=200,
                admin=200,
            ),
            "a private thread's post (its author may not flag it)",
        ),
    ],
    "network:post_moderate": [
        case(lambda w: f"/network/p/{w.reply.pk}/moderate/", POST_ONLY)
    ],
    "network:preview": [case("/network/preview/", POST_ONLY)],
    "network:mentions": [case("/network/mentions/?q=ka", row(200, visitor=403))],
    "network:notifications": [case("/network/notifications/", SIGNED_IN)],
    "network:notification_count": [case("/network/notifications/count/", EVERYONE)],
    "network:notification_open": [
        case(
            lambda w: f"/network/notifications/{w.suspension_notice.pk}/",
            row(404, visitor=LOGIN, suspended=To("/network/notifications/")),
            "the suspended member's own notification; anyone else's is not there",
        )
    ],
    "network:preferences": [case("/network/preferences/", SIGNED_IN)],
    "network:unsubscribe": [
        case("/network/unsubscribe/nonsense/", NOBODY, "a bad link"),
        # A link from an e-mail works without logging in; GET only shows a button.
        case(lambda w: f"/network/unsubscribe/{w.unsubscribe_token}/", EVERYONE),
    ],
    "network:bookmarks": [case("/network/bookmarks/", SIGNED_IN)],
    "network:moderation": [case("/network/moderation/", MODERATORS)],
    "network:moderation_log": [case("/network/moderation/log/", MODERATORS)],
    "network:flag_dismiss": [
        case(lambda w: f"/network/moderation/flags/{w.flag.pk}/dismiss/", POST_ONLY)
    ],
    "network:suspend": [
        case(
            lambda w: f"/network/moderation/suspend/{w.other_ambassador.pk}/",
            MODERATORS,
        )
    ],
    "network:lift_suspension": [
        case(
            lambda w: f"/network/moderation/suspensions/{w.suspension.pk}/lift/",
            POST_ONLY,
        )
    ],
    "network:profile_edit": [case("/network/me/profile/", SIGNED_IN)],
    "network:my_data": [
        case(
            "/network/me/data.json",
            row(
                200,
                visitor=LOGIN,
            ),
        )
    ],
    # The password again first (allauth's reauthentication page).
    "network:erase": [
        case("/network/me/erase/", row(To("/accounts/reauthenticate/"), visitor=LOGIN))
    ],
    # The DigComp self-assessment: the person's own, nobody else's (not the admin's).
    "competence:digcomp": [case("/competence/", EVERYONE)],
    "competence:assessment": [case("/competence/assessment/", SIGNED_IN)],
    "competence:assessment_area": [
        case("/competence/assessment/area/1/", SIGNED_IN),
        case("/competence/assessment/area/9/", row(404, visitor=LOGIN), "no area 9"),
    ],
    "competence:assessment_finish": [case("/competence/assessment/finish/", POST_ONLY)],
    # The programme view: aggregates for the editors (and the admin) everywhere, for
    # a programme lead (of Halmstad) about their own place only.
    "competence:programme": [
        case(
            "/competence/programme/",
            row(403, visitor=LOGIN, editor=200, admin=200, programme_lead=200),
            "a lead sees their own place",
        ),
        case(
            "/competence/programme/?municipality=halmstad",
            row(403, visitor=LOGIN, editor=200, admin=200, programme_lead=200),
        ),
        case(
            lambda w: (
                f"/competence/programme/?region={w.ambassador.municipality.region.slug}"
            ),
            row(403, visitor=LOGIN, editor=200, admin=200),
            "a region the lead does not lead",
        ),
    ],
    "competence:programme_csv": [
        case(
            "/competence/programme/figures.csv",
            row(403, visitor=LOGIN, editor=200, admin=200, programme_lead=200),
        ),
        case(
            lambda w: (
                "/competence/programme/figures.csv"
                f"?region={w.ambassador.municipality.region.slug}"
            ),
            row(403, visitor=LOGIN, editor=200, admin=200),
            "a region the lead does not lead",
        ),
    ],
    "competence:municipality": [
        case("/municipalities/halmstad/", EVERYONE),
        case("/municipalities/no-such-place/", row(404), "no such municipality"),
    ],
    "competence:my_paths": [case("/competence/paths/", SIGNED_IN)],
    "competence:path_follow": [
        case(lambda w: f"/competence/paths/{w.path.pk}/follow/", POST_ONLY)
    ],
    "competence:path_step": [
        case(
            lambda w: f"/competence/paths/{w.path.pk}/steps/{w.path_step.pk}/",
            POST_ONLY,
        )
    ],
    # Proposing a learning path: ambassadors (and the admin) get the form, other
    # members how to become one; the author edits their path sent back for changes.
    "competence:propose_path": [case("/competence/paths/propose/", SIGNED_IN)],
    "competence:path_proposals": [case("/competence/paths/proposals/", SIGNED_IN)],
    "competence:edit_path_proposal": [
        case(
            lambda w: f"/competence/paths/proposals/{w.proposed_path.pk}/edit/",
            row(404, visitor=LOGIN, ambassador=200),
            "the ambassador's path an editor sent back",
        ),
        case(
            "/competence/paths/proposals/999999/edit/",
            row(404, visitor=LOGIN),
            "no such path",
        ),
    ],
    "competence:assessment_result": [
        case(
            lambda w: f"/competence/assessment/{w.assessment.pk}/",
            row(404, visitor=LOGIN, member=200),
            "the member's completed self-assessment",
        )
    ],
    "network:directory": [case("/ambassadors/", EVERYONE)],
    "network:profile": [
        case(
            lambda w: f"/ambassadors/{w.other_ambassador.pk}/",
            row(200, visitor=404),
            "members-only profile of someone in the directory",
        ),
        case(
            lambda w: f"/ambassadors/{w.group_member.pk}/",
            GROUP_READERS,
            "members-only profile of a private group's member",
        ),
        case(
            lambda w: f"/ambassadors/{w.member.pk}/",
            row(404, member=200, moderator=200, admin=200),
            "members-only profile of someone not in the directory (themself)",
        ),
        case(
            lambda w: f"/ambassadors/{w.erased_id}/",
            NOBODY,
            "an erased member's old profile",
        ),
    ],
    "network:profile_photo": [
        case(
            lambda w: f"/ambassadors/{w.group_member.pk}/photo.jpg",
            GROUP_READERS,
            "members-only profile's photo",
        ),
        case(
            lambda w: f"/ambassadors/{w.group_member.pk}/thumb.jpg",
            GROUP_READERS,
            "members-only profile's thumbnail",
        ),
    ],
}

# Patterns the matrix cannot ask, and why.
EXEMPT = {
    "wagtailcore_login": "Wagtail's own front-end login form: its address answers "
    "front_end_login (a redirect to the one login, allauth's), so it is never reached",
    "openid_connect_callback": "allauth's single sign-on callback answers a live "
    "identity provider's redirect (state, code, token exchange); no provider runs "
    "in the tests",
}


# --- The URL conf, walked -------------------------------------------------------------


def _join_route(first, second):
    """As Django joins the routes of nested patterns (ResolverMatch.route)."""
    if not first:
        return second
    return first + second.removeprefix("^")


def walk_patterns(patterns=None, route="", namespace=None, levels=()):
    """(key, route, levels) for every URLPattern, nested includes followed."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        here = _join_route(route, str(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from walk_patterns(entry.url_patterns, here, inner, (*levels, entry))
        else:
            assert isinstance(entry, URLPattern)
            name = entry.name
            key = (f"{namespace}:{name}" if namespace else name) if name else here
            yield key, here, (*levels, entry)


def routable_page_models():
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import get_page_models

    return [
        model for model in get_page_models() if issubclass(model, RoutablePageMixin)
    ]


def routable_routes(model):
    """{key: pattern} of a routable page model's reachable routes (a route whose
    pattern an earlier one already answers, such as the mixin's own "" under a page's
    listing, is never reached)."""
    routes, seen = {}, set()
    for pattern in model.get_subpage_urls():
        if str(pattern.pattern) in seen:
            continue
        seen.add(str(pattern.pattern))
        routes[f"{model._meta.label}:{pattern.name}"] = pattern
    return routes


def site_keys():
    """Every non-admin pattern key, and every routable page route key."""
    keys = {
        key for key, route, _levels in walk_patterns() if not route.startswith("admin/")
    }
    for model in routable_page_models():
        keys |= set(routable_routes(model))
    return keys


def keys_of_url(path):
    """The pattern keys that answer `path`: the URL conf's, and the routable page
    route's when Wagtail serves it."""
    path = unquote(urlsplit(path).path)
    try:
        match = resolve(path)
    except Resolver404:
        return set()
    key = match.view_name if match.url_name else match.route
    keys = {key}
    if match.url_name == "wagtail_serve":
        from wagtail.models import Site

        site = Site.objects.get(is_default_site=True)
        components = [part for part in path.split("/") if part]
        request = RequestFactory().get(path)
        try:
            result = site.root_page.specific.route(request, components)
        except Http404:
            return keys
        page = result.page.specific
        if result.args and callable(result.args[0]):
            view = getattr(result.args[0], "__func__", result.args[0])
            for route_key, pattern in routable_routes(type(page)).items():
                if pattern.callback is view:
                    keys.add(route_key)
    return keys


def test_every_address_is_in_the_matrix_or_exempt():
    """A new pattern (or routable page route) fails here until it gets a case in
    MATRIX or a reason in EXEMPT; a key that no longer exists fails too."""
    keys = site_keys()
    admin_keys = {
        key for key, route, _ in walk_patterns() if route.startswith("admin/")
    }
    forgotten = sorted(keys - set(MATRIX) - set(EXEMPT))
    stale = sorted((set(MATRIX) | set(EXEMPT)) - keys - admin_keys)
    both = sorted(set(MATRIX) & set(EXEMPT))
    empty = sorted(key for key, cases in MATRIX.items() if not cases)
    assert not forgotten, "Addresses with no case and no exemption:\n" + "\n".join(
        forgotten
    )
    assert not stale, "Keys that match no address any more:\n" + "\n".join(stale)
    assert not both, f"Both in MATRIX and EXEMPT: {both}"
    assert not empty, f"Keys without a case: {empty}"
    # The routable pages are found: a broken discovery cannot pass silently.
    labels = {model._meta.label for model in routable_page_models()}
    assert {
        "catalogue.CatalogueIndexPage",
        "events.EventIndexPage",
        "events.EventPage",
        "stories.StoryIndexPage",
        "dela_media.VideoIndexPage",
        "dela_media.VideoPage",
    } <= labels


# --- The world ------------------------------------------------------------------------

SAMPLE_VTT = """WEBVTT

00:00.000 --> 00:00.900
Välkommen till Digga Halland.
"""


def _member(email, name, **fields):
    user = UserFactory(email=email, display_name=name, **fields)
    grant_role(user, Role.MEMBER)
    return user


@pytest.fixture
def group_member(db):
    """A member (not an ambassador) of the private group Styrgruppen."""
    return _member("gun.grupp@example.org", "Gun Grupp")


@pytest.fixture
def group_admin(db):
    """A member (not an ambassador) who is the private group's admin."""
    return _member("greta.gruppadmin@example.org", "Greta Gruppadmin")


@pytest.fixture
def programme_lead(db, halmstad):
    """A member who leads Halmstad's programme (appointed as editors do, in the
    admin's Programme leads)."""
    from competence.models import ProgrammeLead

    user = _member("petra.programledare@example.org", "Petra Programledare")
    ProgrammeLead.objects.create(user=user, municipality=halmstad)
    return user


@pytest.fixture
def suspended(db, moderator):
    """A member whom a moderator has suspended from writing for a week."""
    from network import moderation

    user = _member("sune.spard@example.org", "Sune Spärrad")
    moderation.suspend(
        moderator,
        user,
        "Personangrepp i tråden.",
        timezone.now() + datetime.timedelta(days=7),
    )
    return user


@pytest.fixture
def private_group(group_admin, group_member):
    """Styrgruppen: a private group, its admin and one member."""
    from network import services
    from network.models import GroupMembership, Visibility
    from tests.network.network_factories import make_group

    group = make_group("Styrgruppen", Visibility.PRIVATE, admin=group_admin)
    services._add_member(group, group_member, GroupMembership.Role.MEMBER)
    return group


def _jpeg(size=(40, 30)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _library_video(settings, user, title, name):
    """A library video row with a stored file, as if processed (no ffmpeg)."""
    from wagtail.models import Collection

    from media.models import ProcessingStatus, Video

    folder = settings.MEDIA_ROOT / "media"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    return Video.objects.create(
        title=title,
        file=f"media/{name}",
        type="video",
        duration=2,
        width=160,
        height=120,
        status=ProcessingStatus.READY,
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user,
    )


def _caption(video):
    from media.services import add_caption_track

    return add_caption_track(video, "sv", "captions", io.BytesIO(SAMPLE_VTT.encode()))


def build_world(settings, users):
    """Everything the matrix asks about, made through the site's own services."""
    from django.contrib.auth.models import Group
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
    )
    from wagtail.rich_text import RichText

    from home.models import HomePage, StandardPage
    from media.models import VideoIndexPage
    from network import moderation, privacy, services
    from network.forms import photo_files
    from network.models import Flag, Notification, Post, Suspension, Visibility
    from network.notifications import preference_of, unsubscribe_token
    from stories.forms import StoryForm
    from stories.models import CaseStoryPage, StoryIndexPage
    from stories.services import StoryInput, submit_story
    from taxonomy.models import Competence, Sector, TargetGroup
    from taxonomy.review import ReviewAction, review_page
    from tests.catalogue.catalogue_factories import make_entry, make_index
    from tests.events.event_helpers import events_index, make_event
    from tests.media.media_helpers import publish_video_page
    from tests.network.network_factories import (
        attach_image,
        make_category,
        make_group,
        make_thread,
    )
    from tests.stories.story_helpers import png_upload, publish_story

    w = SimpleNamespace(**users)
    home = HomePage.objects.first()

    # Pages anyone may read, one members-only, one behind a password.
    def standard_page(title, slug):
        page = StandardPage(
            title=title,
            slug=slug,
            body=[("paragraph", RichText("<p>Text.</p>"))],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        return page

    w.members_page = standard_page("För medlemmar", "for-medlemmar")
    PageViewRestriction.objects.create(
        page=w.members_page, restriction_type=PageViewRestriction.LOGIN
    )
    w.password_page = standard_page("Styrdokument", "styrdokument")
    w.password_restriction = PageViewRestriction.objects.create(
        page=w.password_page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt-ord",
    )

    # Stories: a published one, and the ambassador's draft with a picture, sent back
    # by an editor for changes.
    story_index = StoryIndexPage(title="Berättelser", slug="stories")
    home.add_child(instance=story_index)
    story_index.save_revision().publish()
    w.story = publish_story(
        story_index, "Digitala nycklar i hemtjänsten", tags=["välfärdsteknik"]
    )
    w.story_tag = Tag.objects.get(name="välfärdsteknik")
    form = StoryForm(
        {
            "title": "Surfplattor på äldreboendet",
            "summary": "Sex ombud visade kollegorna hur surfplattan gör vardagen "
            "enklare.",
            "body": "Vi började med en workshop.",
            "municipalities": [str(users["ambassador"].municipality_id)],
            "sector": str(Sector.objects.get(slug="elderly-care").pk),
            "target_groups": [str(TargetGroup.objects.get(slug="employees").pk)],
            "competences": [str(Competence.objects.get(code="2.4").pk)],
            "tags": "välfärdsteknik",
            "language": "sv",
            "year": "2024",
            "image_alt_text": "Två ombud med en surfplatta",
            "image_caption": "",
            "consent": "on",
        },
        {"image": png_upload("ombud.png", size=(40, 30))},
    )
    assert form.is_valid(), form.errors
    draft = submit_story(
        w.ambassador, story_index, StoryInput.from_form(form.cleaned_data)
    )
    review_page(draft, w.editor, ReviewAction.REQUEST_CHANGES, "Berätta om resultat.")
    w.draft_story = CaseStoryPage.objects.get(pk=draft.pk)
    w.story_image = get_image_model().objects.get(title=draft.title)

    # The catalogue and events.
    catalogue = make_index()
    w.entry = make_entry(catalogue, "Digital delaktighet 65+")
    events = events_index()
    w.event = make_event(events, capacity=10)
    make_event(events, starts_in=-datetime.timedelta(days=30))

    # The video library: a published video and the ambassador's unpublished one.
    video_index = VideoIndexPage(title="Filmer", slug="videos")
    home.add_child(instance=video_index)
    video_index.save_revision().publish()
    w.video = _library_video(settings, w.ambassador, "Surfplattan", "surfplattan.mp4")
    _caption(w.video)
    w.video_page = publish_video_page(video_index, "Surfplattan i hemtjänsten", w.video)
    w.draft_video = _library_video(settings, w.ambassador, "Utkast", "utkast.mp4")
    w.draft_video_track = _caption(w.draft_video)

    # Documents: one in the public library, a collection behind a password.
    document_model = get_document_model()
    root = Collection.get_first_root_node()
    w.document = document_model.objects.create(
        title="Verksamhetsplan 2026",
        file=SimpleUploadedFile("verksamhetsplan.txt", b"Plan.\n"),
        collection=root,
    )
    locked = root.add_child(name="Styrgruppens dokument")
    w.document_restriction = CollectionViewRestriction.objects.create(
        collection=locked,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="hemligt-ord",
    )
    editors_only = root.add_child(name="Redaktionen")
    restriction = CollectionViewRestriction.objects.create(
        collection=editors_only, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    w.private_document = document_model.objects.create(
        title="Budget 2027, utkast",
        file=SimpleUploadedFile("budget-utkast.txt", b"Utkast.\n"),
        collection=editors_only,
        uploaded_by_user=w.editor,
    )

    # The network: places, threads, a private group with its admin and member.
    w.category = make_category()
    members_category = make_category(
        "Intern",
        visibility=Visibility.MEMBERS,
        slug="intern",
        members_can_start_threads=True,
    )
    w.other_ambassador = UserFactory(
        email="karin@example.org", display_name="Karin Holm"
    )
    for role in (Role.MEMBER, Role.AMBASSADOR):
        grant_role(w.other_ambassador, role)
    w.public_group = make_group(
        "Digga Halland", Visibility.PUBLIC, admin=w.other_ambassador
    )

    Tag.objects.get_or_create(name="hemtjänst", slug="hemtjanst")
    w.thread = make_thread(
        w.other_ambassador,
        w.category,
        replies=[(w.member, "Vi använder Phoniro sedan 2019.")],
    )
    w.first_post = Post.objects.get(thread=w.thread, position=1)
    w.reply = Post.objects.get(thread=w.thread, position=2)
    services.mark_solution(w.other_ambassador, w.reply)
    services.edit_post(w.member, w.reply, "Vi har använt Phoniro sedan 2019.")
    w.revision = w.reply.revisions.get()
    w.public_image = attach_image(w.first_post, alt="Nyckelskåpet")
    w.members_thread = make_thread(
        w.other_ambassador, members_category, title="Intern fråga om upphandling"
    )
    w.members_image = attach_image(
        Post.objects.get(thread=w.members_thread, position=1), alt="Tidplanen"
    )
    w.private_thread = make_thread(
        w.group_admin, w.private_group, title="Budget för nästa år"
    )
    w.private_post = Post.objects.get(thread=w.private_thread, position=1)
    w.private_image = attach_image(w.private_post, alt="Budgetförslaget")
    moderation.flag(w.member, w.first_post, Flag.Reason.OFF_TOPIC)
    w.flag = Flag.objects.get()

    # The suspension, and the notification that told the member.
    w.suspension = Suspension.objects.get(user=w.suspended)
    w.suspension_notice = Notification.objects.get(recipient=w.suspended)
    # The member takes a daily digest: the link in it stops the e-mails (by POST).
    preference = preference_of(w.member)
    preference.email_mode = preference.EmailMode.DAILY
    preference.record_consent(True, text="Dagliga sammanfattningar.", via="test")
    preference.save()
    w.unsubscribe_token = unsubscribe_token(preference)

    # A members-only profile with a photo: the private group's member.
    profile = services.profile_of(w.group_member)
    photo, thumbnail = photo_files(
        SimpleUploadedFile("gun.jpg", _jpeg(), content_type="image/jpeg"),
        f"member-{w.group_member.pk}",
    )
    profile.photo.save(photo.name, photo, save=False)
    profile.photo_thumbnail.save(thumbnail.name, thumbnail, save=False)
    profile.save()
    assert profile.visibility == profile.ProfileVisibility.MEMBERS
    assert w.story_image.file.name.startswith("original_images/")
    services.profile_of(w.other_ambassador)

    # A member who erased their account: their old profile address is nobody's.
    erased = _member("erik.raderad@example.org", "Erik Raderad")
    services.profile_of(erased)
    w.erased_id = erased.pk
    privacy.erase_account(erased)

    # The member's DigComp self-assessment, completed: theirs alone.
    from competence.services import finish, save_ratings

    save_ratings(w.member, {c: 3 for c in Competence.objects.all()})
    w.assessment = finish(w.member)

    # A learning path through the entry and the event.
    from tests.competence.competence_helpers import make_path

    w.path = make_path("Digital tillsyn", [w.entry, w.event], competences=["4.2"])
    w.path_step = w.path.ordered_steps()[0]
    w.paths_index = w.path.get_parent().specific

    # The ambassador's proposed path, sent back for changes.
    from competence.proposals import PathInput, propose_path

    w.proposed_path = propose_path(
        w.ambassador,
        PathInput("Föreslagen väg", "Kort.", "sv", [(w.entry.pk, "")]),
        w.paths_index,
    )
    review_page(w.proposed_path, w.editor, ReviewAction.REQUEST_CHANGES, "Mer.")
    return w


@pytest.fixture
def world(settings, request, private_group):
    settings.DEBUG = False  # what /media/ serves outside development
    users = {role: request.getfixturevalue(role) for role in ROLES}
    return build_world(settings, {**users, "private_group": private_group})


def _sign_in(client, request, role):
    user = request.getfixturevalue(role)
    if role != "visitor":
        client.force_login(user)
    return user


def _outcome(response, expected, world):
    """None when `response` is what `expected` says, else what it was."""
    status = response.status_code
    location = urlsplit(response.get("Location", "")).path
    got = f"{status} {location}".strip() if status in (301, 302) else str(status)
    if expected == LOGIN:
        ok = status == 302 and location == "/accounts/login/"
    elif isinstance(expected, To):
        target = expected.target
        target = target(world) if callable(target) else target
        ok = status in (301, 302) and location == target
    else:
        ok = status == expected
    return None if ok else got


def written_state():
    """What no GET may change: what people wrote, decided and chose."""
    from django.contrib.auth import get_user_model

    from events.models import Registration
    from media.models import CaptionTrack, Video, VideoPage
    from network.models import (
        Bookmark,
        Flag,
        GroupMembership,
        JoinRequest,
        NotificationPreference,
        Post,
        PostRevision,
        Reaction,
        Subscription,
        Suspension,
        Thread,
    )
    from stories.models import CaseStoryPage

    return {
        "users": get_user_model().objects.filter(is_active=True).count(),
        "threads": list(
            Thread.objects.order_by("pk").values_list(
                "pk", "solution_id", "pinned", "locked", "hidden", "deleted_on"
            )
        ),
        "posts": list(
            Post.objects.order_by("pk").values_list(
                "pk", "body", "hidden", "deleted_on"
            )
        ),
        "counts": [
            model.objects.count()
            for model in (
                PostRevision,
                Reaction,
                Bookmark,
                Subscription,
                GroupMembership,
                JoinRequest,
                Registration,
                CaseStoryPage,
                VideoPage,
                Video,
                CaptionTrack,
            )
        ],
        "flags": list(Flag.objects.values_list("pk", "status")),
        "suspensions": list(Suspension.objects.values_list("pk", "lifted_on")),
        # (A settings page makes a person's default preference, e-mails off, when
        # it is first opened: that changes nothing.)
        "email": list(
            NotificationPreference.objects.exclude(
                email_mode=NotificationPreference.EmailMode.NEVER, consent_on=None
            )
            .order_by("pk")
            .values_list("user_id", "email_mode", "consent_on")
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, request, world):
    """Every case for one role: the expected answer, never a 500, and nothing
    written by any GET."""
    before = written_state()
    client = Client(raise_request_exception=False)
    user = _sign_in(client, request, role)
    failures, errors = [], []
    for key, cases in MATRIX.items():
        for number, item in enumerate(cases, 1):
            url = item.url(world) if callable(item.url) else item.url
            label = f"{key} #{number} {url}" + (f" ({item.note})" if item.note else "")
            if key not in keys_of_url(url):
                failures.append(f"{label}: answered by {keys_of_url(url)}, not {key}")
                continue
            expected = item.expected[role]
            if isinstance(expected, Bug):
                continue  # reported (see Bug), not asserted
            response = client.get(url)
            if response.status_code >= 500:
                errors.append(f"{label}: {response.status_code}")
                continue
            got = _outcome(response, expected, world)
            if got is not None:
                failures.append(f"{label}: got {got}, expected {expected}")
            if role != "visitor" and "_auth_user_id" not in client.session:
                failures.append(f"{label}: a GET logged the {role} out")
                client.force_login(user)
    assert not errors, f"Server errors for {role}:\n" + "\n".join(errors)
    assert written_state() == before, f"A GET changed something for {role}"
    assert not failures, f"{len(failures)} wrong answers for {role}:\n" + "\n".join(
        failures
    )


# --- The admin, for the roles without it ----------------------------------------------

ZERO_UUID = "00000000-0000-0000-0000-000000000000"
# Values tried, in order, for a regular expression's group (the first that makes the
# address resolve to the same pattern wins).
REGEX_SAMPLES = ("{page}", "x", "video", "live", "latest", "x/y")


def _full_regex(levels):
    """The pattern's whole regular expression, as Django's reverse joins them."""
    regex = ""
    for level in levels:
        part = level.pattern.regex.pattern
        regex += part.removeprefix("^") if regex else part
    return regex


def _converter_sample(converter, page_id):
    name = type(converter).__name__
    if name == "IntConverter":
        return str(page_id)
    if name == "UUIDConverter":
        return ZERO_UUID
    return "x"


@functools.cache
def admin_addresses(page_id):
    """(key, path) for every admin pattern that a sample address reaches, and the
    keys of those none does."""
    built, unbuilt = [], []
    for key, route, levels in walk_patterns():
        if not route.startswith("admin/"):
            continue
        converters = {}
        for level in levels:
            converters.update(getattr(level.pattern, "converters", {}))
        candidates = []
        for template, params in normalize(_full_regex(levels)):
            choices = [
                [_converter_sample(converters[param], page_id)]
                if param in converters
                else [sample.format(page=page_id) for sample in REGEX_SAMPLES]
                for param in params
            ]
            for values in itertools.product(*choices):
                candidates.append(
                    "/" + template % dict(zip(params, values, strict=True))
                )
        path = next(
            (
                candidate
                for candidate in candidates
                if _resolves_to(candidate, route, levels[-1])
            ),
            None,
        )
        if path is None:
            unbuilt.append(key)
        else:
            built.append((key, path))
    return tuple(built), tuple(unbuilt)


def _resolves_to(path, route, pattern):
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.route == route and match.func == pattern.callback


# Admin pages Wagtail shows to anyone, by design.
ADMIN_PUBLIC = {
    "wagtailadmin_sprite": "the admin's icons (an SVG sprite)",
    "wagtailadmin_javascript_catalog": "the admin's JavaScript translations",
}
# Admin patterns no sample address reaches: key -> why.
ADMIN_UNBUILT = {
    "wagtailadmin_login": "its address answers dela_admin_login (the one login: "
    "allauth's for visitors, 'not allowed' for someone signed in), asked instead",
}
ROLES_WITHOUT_ADMIN = [
    "visitor",
    "member",
    "ambassador",
    "group_admin",
    "moderator",
    "suspended",
    "programme_lead",
]


@pytest.mark.parametrize("role", ROLES_WITHOUT_ADMIN)
def test_the_admin_is_closed_to_roles_without_it(role, request, private_group):
    """Every admin address, its parameters filled with samples (ids: the home page's),
    answers a role without the admin with a redirect to the admin's login, 403, 404
    or 405: never a page, never a 500."""
    from home.models import HomePage

    built, unbuilt = admin_addresses(HomePage.objects.get().pk)
    assert set(unbuilt) == set(ADMIN_UNBUILT), f"No sample address for {unbuilt}"
    keys = {key for key, _path in built}
    assert set(ADMIN_PUBLIC) <= keys, set(ADMIN_PUBLIC) - keys
    assert len(built) > 300, "the admin's patterns were not found"
    client = Client(raise_request_exception=False)
    _sign_in(client, request, role)
    wrong = []
    for key, path in built:
        response = client.get(path)
        status = response.status_code
        location = urlsplit(response.get("Location", "")).path
        if key in ADMIN_PUBLIC:
            ok = status in (200, 302)
        elif status == 302:
            # The admin sends a visitor to its login address, which sends them on
            # to the one login (allauth's).
            ok = location in ("/admin/login/", "/accounts/login/")
        else:
            ok = status in (403, 404, 405)
        if not ok:
            wrong.append(f"{key} {path}: {status} {location}".rstrip())
    assert not wrong, f"{len(wrong)} admin addresses open to {role}:\n" + "\n".join(
        wrong
    )
