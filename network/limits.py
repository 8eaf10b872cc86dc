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
    return Limits(**getattr(settings, "NETWORK_LIMITS", {}))


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


def _count(key, limits):
    return cache.get(key, 0)


def check_post(user, ip, body):
    """Raise RateLimited when `user` (from `ip`) may not post `body` now."""
    from .permissions import network_permissions

    if _suspended.get() or network_permissions.can_moderate_network(user):
        return
    limits = current()
    minutes = limits.window_seconds // 60
    new = is_new_member(user, limits)
    if new and links_count(body) > limits.new_member_links_per_post:
        raise RateLimited(
            ngettext(
                "New members may include at most %(count)d link in a post. "
                "Remove some links, or post again in a few days.",
                "New members may include at most %(count)d links in a post. "
                "Remove some links, or post again in a few days.",
                limits.new_member_links_per_post,
            )
            % {"count": limits.new_member_links_per_post}
        )
    allowed = limits.new_member_posts_per_window if new else limits.posts_per_window
    if _count(_window_key("user", user.pk, limits), limits) >= allowed:
        raise RateLimited(
            _(
                "You have posted %(count)d times in the last %(minutes)d minutes, "
                "the most allowed. Please wait a few minutes and try again."
            )
            % {"count": allowed, "minutes": minutes}
        )
    if (
        ip
        and _count(_window_key("ip", ip, limits), limits) >= limits.ip_posts_per_window
    ):
        raise RateLimited(
            _(
                "Many posts have come from your network address in the last "
                "%(minutes)d minutes. Please wait a few minutes and try again."
            )
            % {"minutes": minutes}
        )


def record_post(user, ip):
    """Count a post that was made (after it is saved)."""
    limits = current()
    for kind, ident in (("user", user.pk), ("ip", ip)):
        if not ident:
            continue
        key = _window_key(kind, ident, limits)
        if not cache.add(key, 1, timeout=limits.window_seconds + 5):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.set(key, 1, timeout=limits.window_seconds + 5)


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
