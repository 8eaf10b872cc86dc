"""New-member limits and throttles (Discourse's trust levels are the reference).

A new member (account younger than NEW_MEMBER_DAYS and fewer than NEW_MEMBER_POSTS
posts) may post less often and with fewer links than an established one; everyone has
a per-user and a per-IP ceiling so a runaway script or a shared account cannot flood
the forum. Counters live in the cache (Redis in production), in fixed windows.
Moderators are not limited.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .permissions import network_permissions
from .rendering import links_count


@dataclass(frozen=True)
class Limits:
    new_member_days: int = 3
    new_member_posts: int = 5
    new_member_posts_per_window: int = 3
    new_member_links_per_post: int = 2
    posts_per_window: int = 20
    ip_posts_per_window: int = 60
    window_seconds: int = 600


_suspended = ContextVar("network_limits_suspended", default=False)


@contextmanager
def suspended():
    """No limits inside (the demo loader writes many posts at once)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def current():
    return Limits(**settings.NETWORK_LIMITS)


class RateLimited(Exception):
    """A limit was hit; the message tells the member what and for how long."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def is_new_member(user, limits=None):
    limits = limits or current()
    profile = getattr(user, "network_profile", None)
    posts = profile.posts_count if profile else 0
    young = user.date_joined > timezone.now() - timedelta(days=limits.new_member_days)
    return young and posts < limits.new_member_posts


def _window_key(kind, ident, limits):
    window = int(timezone.now().timestamp()) // limits.window_seconds
    return f"network:limit:{kind}:{ident}:{window}"


def _count(key):
    return cache.get(key, 0)


def _links_refusal(user, body, limits):
    if is_new_member(user, limits) and (
        links_count(body) > limits.new_member_links_per_post
    ):
        return ngettext(
            "New members may include at most %(count)d link in a post. "
            "Remove some links, or post again in a few days.",
            "New members may include at most %(count)d links in a post. "
            "Remove some links, or post again in a few days.",
            limits.new_member_links_per_post,
        ) % {"count": limits.new_member_links_per_post}
    return None


def _ceilings(user, ip, limits):
    """[(cache key, most allowed, message)] of the windows a post counts in."""
    minutes = max(1, limits.window_seconds // 60)
    # The window as a phrase of its own ("the last minute", "the last 10 minutes"):
    # the messages below count posts, and each number needs its own plural.
    window = ngettext("the last minute", "the last %(minutes)d minutes", minutes) % {
        "minutes": minutes
    }
    allowed = (
        limits.new_member_posts_per_window
        if is_new_member(user, limits)
        else limits.posts_per_window
    )
    ceilings = [
        (
            _window_key("user", user.pk, limits),
            allowed,
            ngettext(
                "You have posted %(count)d time in %(window)s, the most allowed. "
                "Please wait a few minutes and try again.",
                "You have posted %(count)d times in %(window)s, the most allowed. "
                "Please wait a few minutes and try again.",
                allowed,
            )
            % {"count": allowed, "window": window},
        )
    ]
    if ip:
        ceilings.append(
            (
                _window_key("ip", ip, limits),
                limits.ip_posts_per_window,
                _(
                    "Many posts have come from your network address in %(window)s. "
                    "Please wait a few minutes and try again."
                )
                % {"window": window},
            )
        )
    return ceilings


def _exempt(user):
    return _suspended.get() or network_permissions.can_moderate_network(user)


def check_post(user, ip, body):
    """Raise RateLimited when `user` (from `ip`) may not post `body` now. Only
    looks (a form says so before reading its images); take_post counts."""
    if _exempt(user):
        return
    limits = current()
    refusal = _links_refusal(user, body, limits)
    if refusal:
        raise RateLimited(refusal)
    for key, allowed, message in _ceilings(user, ip, limits):
        if _count(key) >= allowed:
            raise RateLimited(message)


def _increment(key, timeout):
    """The window's count after this post; 0 when the cache does not answer (Redis
    stopped: the limit does not hold until it is back, and posting goes on)."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        value = cache.incr(key)
    except ValueError:  # expired in between
        cache.add(key, 0, timeout=timeout)
        value = cache.incr(key)
    return value or 0


def take_post(user, ip, body):
    """Check and count a post in one step, before it is written: each window's
    counter is incremented first (atomic in Redis) and the post refused when that
    went past the ceiling, so parallel posts cannot all pass. Returns the keys
    taken; give_back(keys) returns them when the post is not made after all."""
    if _exempt(user):
        return []
    limits = current()
    refusal = _links_refusal(user, body, limits)
    if refusal:
        raise RateLimited(refusal)
    taken = []
    for key, allowed, message in _ceilings(user, ip, limits):
        taken.append(key)
        if _increment(key, limits.window_seconds + 5) > allowed:
            give_back(taken)
            raise RateLimited(message)
    return taken


def give_back(keys):
    for key in keys:
        try:
            cache.decr(key)
        except ValueError:  # the window has passed
            pass


def client_ip(request):
    """The client's address: allauth's rule, the same as for the login limits. Behind
    DELA_TRUSTED_PROXIES proxies it is the address the outermost one saw (from
    X-Forwarded-For, which a client cannot forge past them); else REMOTE_ADDR."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR") or None
