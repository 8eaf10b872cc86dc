"""Whole pages kept for anonymous readers, and the one rule for forgetting what the
public site shows when it changes.

Most readers are not signed in and see the same page: the first such visit renders
it, the next ones get the kept copy without touching the database. A copy is kept
and served only

- for GET and HEAD, on the views named in DELA_PAGE_CACHE_VIEWS (Wagtail's pages, the
  forum's public lists and threads, the directory), answered 200;
- when the request carries no cookie but the CSRF and language cookies (no session:
  nobody signed in, no messages waiting, no page-password passed) and no
  Authorization header;
- when the view did not say otherwise (Cache-Control private, no-cache or no-store:
  drafts, previews and members' pages say so), set no cookie and added no message.

The copy is kept per interface language (LocaleMiddleware's choice from the
language cookie or Accept-Language), host, scheme and full path with its query. The
CSRF token a page carries (the language switcher's form) is kept as a placeholder
and each reader gets their own in its place, so no reader's token reaches another.

Forgetting: every copy is keyed by a generation number kept in the cache; any change
the public pages show (content_changed(), connected below to page publication,
moves and deletions, posts, threads, reactions, moderation, registrations, members,
taxonomy and site settings) moves to a new generation, now and once more when the
transaction commits. Other caches of public content (the home page's blocks, in
home/highlights.py) listen here rather than keeping their own copy of that rule.
Copies also expire after DELA_PAGE_CACHE_SECONDS; DELA_PAGE_CACHE_SECONDS = 0 turns
the page cache off.

Browsers get `Cache-Control: public, max-age=DELA_PAGE_CACHE_MAX_AGE` and a weak ETag
and Last-Modified on kept pages (ConditionalGetMiddleware answers 304 to a matching
If-None-Match), and `private, no-cache` on the same pages for a signed-in reader.
"""

import hashlib
import re
import time

from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date

GENERATION_KEY = "page-cache-generation"
CSRF_PLACEHOLDER = "@@dela-csrf-token@@"
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_KEPT_HEADERS = ("Content-Type",)

# What changed, for listeners that forget only part of what they keep.
PAGES, NETWORK, EVENTS, PEOPLE, SITE = "pages", "network", "events", "people", "site"

_listeners = []


def _cache():
    return caches[settings.DELA_PAGE_CACHE_ALIAS]


def enabled():
    return settings.DELA_PAGE_CACHE_SECONDS > 0


# --- The generation ------------------------------------------------------------------


# --- What every page reads, once a request ----------------------------------------
#
# Every page reads the generation, the branding and the main menu from the cache.
# Within a request they are read together, in one round trip (get_many), the first
# time one of them is wanted, and kept for the rest of that request only: a change
# made in the request itself (a new generation, new branding) drops what was read.
# Outside a request (tasks, shells, tests calling these functions) nothing is kept.

_request = Local()
_every_page_keys = {GENERATION_KEY}
_MAX_REMEMBERED = 64  # names of remember(): a handful per site and language


def same_cache(alias):
    """Whether the cache `alias` is the page cache's own (its keys can share the
    request's read)."""
    return alias == settings.DELA_PAGE_CACHE_ALIAS


def read_on_every_page(key):
    """Register a cache key every page reads (home.branding's): it comes in the
    request's one read with the generation (see request_value)."""
    _every_page_keys.add(key)


def _start_request(**kwargs):
    _request.values = None
    _request.active = True


def _end_request(**kwargs):
    _request.values = None
    _request.active = False


def _request_values():
    """This request's read of every page's keys (a dict), or None outside one."""
    if not getattr(_request, "active", False):
        return None
    if _request.values is None:
        _request.values = _cache().get_many(sorted(_every_page_keys))
    return _request.values


def request_value(key, default=None):
    """The cache's `key` as this request read it with the others (one round trip
    for all), or read now outside a request."""
    values = _request_values()
    if values is None or key not in _every_page_keys:
        return _cache().get(key, default)
    return values.get(key, default)


def request_changed(key=None):
    """`key` (or everything) was changed or forgotten in this request: read again."""
    if getattr(_request, "active", False):
        _request.values = None


def generation():
    """The current generation of public content (a number that only grows)."""
    value = request_value(GENERATION_KEY)
    if value is None:
        cache = _cache()
        # A fresh start (or an evicted key) begins past every earlier number, so no
        # copy kept before it can be served again.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, None)
        value = cache.get(GENERATION_KEY, 0)
        request_changed(GENERATION_KEY)
    return value


def _next_generation():
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, time.time_ns() // 1000, None)
    request_changed(GENERATION_KEY)


def remember(name, compute, seconds=600):
    """compute() kept in the cache until public content next changes (or for
    `seconds`): for what every page shows, such as the main menu. Kept as
    (generation, value) under one key per name, which every request then reads
    with the generation (a name is read on every page once it has been asked)."""
    key = f"remember:{name}"
    if key not in _every_page_keys and len(_every_page_keys) < _MAX_REMEMBERED:
        _every_page_keys.add(key)
        request_changed(key)
    current = generation()
    entry = request_value(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        return entry[1]
    value = compute()
    _cache().set(key, (current, value), seconds)
    request_changed(key)
    return value


def context(request):
    """`content_generation` for templates: a `{% cache %}` fragment that names it
    is forgotten with the kept pages (settings: context processors)."""
    return {"content_generation": SimpleLazyObject(generation)}


def listen(listener):
    """Call listener(kinds) whenever public content changes (now and after the
    commit), kinds being a set of PAGES, NETWORK, EVENTS, PEOPLE, SITE."""
    if listener not in _listeners:
        _listeners.append(listener)


def now_and_after_commit(action):
    """Run action now and again once the transaction commits: a visit between a
    change and its commit would otherwise keep what the database still showed."""
    action()
    transaction.on_commit(action)


def content_changed(*kinds):
    """Public content of these kinds changed: a new generation of kept pages, and
    each listener told."""
    kinds = frozenset(kinds)

    def forget():
        _next_generation()
        for listener in _listeners:
            listener(kinds)

    now_and_after_commit(forget)


# --- Which changes count -------------------------------------------------------------

# Rows only their owner sees, written on reading or by background work: they never
# change a public page.
QUIET_MODELS = {
    "network.readmark",
    "network.notification",
    "network.notificationpreference",
    "network.consentrecord",
    "network.subscription",
    "network.bookmark",
    "network.flag",
    "network.joinrequest",
    "events.cancellationnotice",
}
_APP_KINDS = {
    "network": NETWORK,
    "events": EVENTS,
    "taxonomy": SITE,
    "home": SITE,
    "stories": PAGES,
    "catalogue": PAGES,
    "media": PAGES,
    "taggit": SITE,
    "wagtailcore": PAGES,
}


def _kind_of(sender, instance):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    if isinstance(instance, Page):
        return PAGES
    if sender is get_user_model():
        return PEOPLE
    meta = sender._meta
    if meta.label_lower in QUIET_MODELS:
        return None
    if meta.label_lower == "events.registration":
        return EVENTS
    return _APP_KINDS.get(meta.app_label)


def _row_changed(sender, instance=None, update_fields=None, created=False, **kw):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    kind = _kind_of(sender, instance)
    if kind is None:
        return
    if created and isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        return  # made with its defaults on a page's first read: nothing changed
    if kind == PEOPLE and update_fields and set(update_fields) <= {"last_login"}:
        return
    content_changed(kind)


def _pages_changed(sender, **kwargs):
    content_changed(PAGES)


def _roles_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed(PEOPLE)


def connect():
    """Connect the changes public pages show (DelaConfig.ready)."""
    from django.contrib.auth import get_user_model
    from django.core.signals import request_finished, request_started

    request_started.connect(_start_request, dispatch_uid="page_cache_request")
    request_finished.connect(_end_request, dispatch_uid="page_cache_request_end")
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_pages_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(_pages_changed, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_pages_changed, dispatch_uid="page_cache_moved")
    post_save.connect(_row_changed, dispatch_uid="page_cache_saved")
    post_delete.connect(_row_changed, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(
        _roles_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="page_cache_roles",
    )


# --- The middleware ------------------------------------------------------------------


def _anonymous_request(request):
    if "HTTP_AUTHORIZATION" in request.META or "HTTP_HX_REQUEST" in request.META:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return set(request.COOKIES) <= allowed


def _key(request):
    path = hashlib.md5(
        request.get_full_path().encode(), usedforsecurity=False
    ).hexdigest()
    return ":".join(
        (
            "page",
            str(generation()),
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            request.scheme,
            request.get_host(),
            path,
        )
    )


def _told_not_to(response):
    control = response.get("Cache-Control", "").lower()
    return any(word in control for word in ("private", "no-cache", "no-store"))


def _has_messages(request):
    storage = getattr(request, "_messages", None)
    return bool(
        storage is not None
        and (storage._queued_messages or getattr(storage, "_loaded_data", None))
    )


class AnonymousPageCacheMiddleware:
    """Serves and keeps whole pages for anonymous readers (see the module's
    docstring). Place it after the session, locale, CSRF, authentication and
    message middleware, whose work it relies on and which still run on a kept page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(request, "_page_cache_hit", False):
            return response
        if getattr(request, "user", None) is not None and (
            request.user.is_authenticated
        ):
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if (
            not key
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or _told_not_to(response)
            or _has_messages(request)
        ):
            return response
        content = _CSRF_VALUE.sub(
            rb"\g<1>" + CSRF_PLACEHOLDER.encode() + rb"\g<2>", response.content
        )
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        entry = {
            "content": content,
            "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
            "etag": f'W/"{digest}"',
            "modified": http_date(),
        }
        _cache().set(key, entry, settings.DELA_PAGE_CACHE_SECONDS)
        self._describe(response, entry)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in settings.DELA_PAGE_CACHE_VIEWS:
            return None
        if not _anonymous_request(request) or request.user.is_authenticated:
            # Never from the page cache nor into it; a signed-in reader's page is
            # marked private on the way out.
            request._page_cache_key = ""
            return None
        request._page_cache_key = _key(request)
        entry = _cache().get(request._page_cache_key)
        if entry is None:
            return None
        request._page_cache_hit = True
        content = entry["content"]
        if CSRF_PLACEHOLDER.encode() in content:
            content = content.replace(
                CSRF_PLACEHOLDER.encode(), get_token(request).encode()
            )
        response = HttpResponse(content)
        for header, value in entry["headers"].items():
            response[header] = value
        self._describe(response, entry)
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _describe(response, entry):
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = entry["modified"]
        patch_cache_control(
            response, public=True, max_age=settings.DELA_PAGE_CACHE_MAX_AGE
        )
