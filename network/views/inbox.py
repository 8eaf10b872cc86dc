"""One's own inbox: notifications, e-mail preferences, unsubscribing, bookmarks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..forms import (
    PreferenceForm,
)
from ..models import (
    Bookmark,
    Notification,
)
from ..notifications import (
    describe,
    mark_all_read,
    mark_read,
    preference_for_token,
    preference_of,
    unread_count,
)
from ..notifications import unsubscribe as unsubscribe_member
from ..permissions import network_permissions as perms
from .base import (
    _addresses,
    _page,
    _render,
    _signed_in,
)

# --- Notifications -------------------------------------------------------------------


@never_cache
@login_required
def notifications(request):
    qs = (
        Notification.objects.filter(recipient=request.user)
        .current()
        .for_list()
        .select_related("group")
    )
    if request.method == "POST":
        mark_all_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("network:notifications")
    page_obj = _page(request, qs, 30)
    open_url = _addresses("notification_open")["notification_open"]
    for notification in page_obj.object_list:
        notification.text = describe(notification)
        notification.open_url = open_url(notification.pk)
    return _render(
        request,
        "network/notifications.html",
        {"page_obj": page_obj, "notifications": page_obj.object_list},
    )


@require_GET
@login_required
def notification_open(request, pk):
    notification = get_object_or_404(
        Notification.objects.current(), pk=pk, recipient=request.user
    )
    mark_read(notification)
    return redirect(notification.get_absolute_url())


@never_cache
@require_GET
def notification_count(request):
    """The badge: how many unread notifications (JSON for network.js)."""
    if not _signed_in(request):
        return JsonResponse({"unread": 0})
    count = unread_count(request.user)
    label = ngettext(
        "%(count)d new notification", "%(count)d new notifications", count
    ) % {"count": count}
    return JsonResponse({"unread": count, "label": label})


@never_cache
@login_required
def preferences(request):
    preference = preference_of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("network:preferences")
    return _render(
        request,
        "network/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
def unsubscribe(request, token):
    """Stop all network e-mails from a link in one of them, without logging in
    (GET shows a button, so mail scanners following links change nothing)."""
    preference = preference_for_token(token)
    if preference is None:
        return _render(request, "network/unsubscribe.html", {"invalid": True}, 404)
    done = False
    if request.method == "POST":
        unsubscribe_member(preference)
        done = True
    return _render(
        request, "network/unsubscribe.html", {"done": done, "invalid": False}
    )


@never_cache
@require_GET
@login_required
def bookmarks(request):
    qs = (
        Bookmark.objects.filter(user=request.user)
        .filter(post__in=perms.readable_posts(request.user))
        .select_related("post__thread", "post__author")
    )
    page_obj = _page(request, qs, 30)
    return _render(
        request,
        "network/bookmarks.html",
        {"page_obj": page_obj, "bookmarks": page_obj.object_list},
    )
