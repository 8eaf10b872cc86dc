"""Places: the network's index, categories, groups (joining, leaving, requests,
roles), tags, and watching a place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from .. import services, tracking
from ..models import (
    THREADS_PER_PAGE,
    Category,
    Group,
    GroupMembership,
    JoinRequest,
    Profile,
)
from ..permissions import network_permissions as perms
from .base import (
    _back,
    _login,
    _message,
    _page,
    _render,
    _signed_in,
    _watching,
)

# --- Index, categories, groups, tags -----------------------------------------------


@require_GET
def index(request):
    user = request.user
    categories = list(Category.objects.visible_to(user))
    groups = list(Group.objects.visible_to(user))
    latest = tracking.annotate_unread(
        perms.readable_threads(user).for_list().prefetch_related("tags")[:10], user
    )
    return _render(
        request,
        "network/index.html",
        {"categories": categories, "groups": groups, "threads": latest},
    )


def _thread_list(request, place_filter, template, context):
    user = request.user
    threads = (
        perms.readable_threads(user)
        .filter(place_filter)
        .for_list()
        .prefetch_related("tags")
    )
    page_obj = _page(request, threads, THREADS_PER_PAGE)
    tracking.annotate_unread(page_obj.object_list, user)
    context = {**context, "page_obj": page_obj, "threads": page_obj.object_list}
    return _render(request, template, context)


@require_GET
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not perms.can_view_category(request.user, category):
        return _login(request)
    return _thread_list(
        request,
        Q(category=category),
        "network/place.html",
        {
            "place": category,
            "kind": "category",
            "can_read": True,
            "watching": _watching(request.user, "category", category),
            "can_start": perms.can_start_thread_in(request.user, category),
            "new_thread_url": reverse("network:new_thread_category", args=[slug]),
        },
    )


@require_GET
def group_by_pk(request, pk):
    """The short link of a group: a redirect only for those who may see the group
    (a redirect would reveal its name)."""
    group = get_object_or_404(Group, pk=pk)
    if not perms.can_view_group(request.user, group):
        raise Http404
    return redirect(group)


@require_GET
def group(request, slug):
    group = get_object_or_404(Group, slug=slug)
    user = request.user
    if not perms.can_view_group(user, group):
        return _login(request)
    context = {
        "place": group,
        "kind": "group",
        "is_member": perms.is_group_member(user, group),
        "is_admin": perms.is_group_admin(user, group),
        "can_manage": perms.can_manage_group(user, group),
        "can_join": perms.can_join_group(user, group),
        "can_read": perms.can_read_group(user, group),
        "pending_request": _signed_in(request)
        and JoinRequest.objects.pending()
        .filter(group=group, user=user, kind=JoinRequest.Kind.REQUEST)
        .exists(),
        "invited": _signed_in(request)
        and JoinRequest.objects.pending()
        .filter(group=group, user=user, kind=JoinRequest.Kind.INVITE)
        .exists(),
        "watching": _watching(user, "group", group),
        "can_start": perms.can_start_thread_in(user, group),
        "new_thread_url": reverse("network:new_thread_group", args=[slug]),
        "admins": group.memberships.filter(role=GroupMembership.Role.ADMIN)
        .select_related("user")
        .order_by("joined_on")[:10],
    }
    if not context["can_read"]:
        return _render(request, "network/place.html", {**context, "threads": []})
    return _thread_list(request, Q(group=group), "network/place.html", context)


@require_POST
def join_group(request, slug):
    group = get_object_or_404(Group, slug=slug)
    if not _signed_in(request):
        return _login(request)
    try:
        outcome = services.join_group(
            request.user, group, request.POST.get("message", "")
        )
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You cannot join this group."))
        return redirect(group)
    if outcome == "joined":
        messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
    else:
        messages.success(
            request, _("Your request is sent; a group admin will answer it.")
        )
    return redirect(group)


@require_POST
def leave_group(request, slug):
    group = get_object_or_404(Group, slug=slug)
    if not _signed_in(request):
        return _login(request)
    try:
        left = services.leave_group(request.user, group)
    except ValidationError as refusal:
        messages.error(request, _message(refusal))
        return redirect(group)
    if left:
        messages.success(request, _("You have left %(group)s.") % {"group": group.name})
    return redirect(group)


@never_cache
def group_requests(request, slug):
    """Group admins: pending requests, decisions and invitations."""
    group = get_object_or_404(Group, slug=slug)
    if not _signed_in(request):
        return _login(request)
    if not perms.can_manage_group(request.user, group):
        raise PermissionDenied
    if request.method == "POST":
        if "invite" in request.POST:
            handle = request.POST.get("invite", "").strip().lstrip("@").lower()
            profile = (
                Profile.objects.filter(handle=handle, user__is_active=True)
                .select_related("user")
                .first()
            )
            if profile is None:
                messages.error(
                    request, _("Nobody has the name @%(h)s.") % {"h": handle}
                )
            elif services.invite(request.user, group, profile.user):
                messages.success(
                    request,
                    _("%(name)s is invited.") % {"name": profile.user.public_name},
                )
            else:
                messages.info(request, _("Already a member or invited."))
        elif "membership" in request.POST:
            _set_group_role(request, group)
        else:
            join_request = get_object_or_404(
                JoinRequest, pk=request.POST.get("request"), group=group
            )
            accept = request.POST.get("decision") == "accept"
            if not services.decide_join_request(request.user, join_request, accept):
                messages.info(request, _("This request was already answered."))
            else:
                messages.success(
                    request,
                    _("Request accepted.") if accept else _("Request declined."),
                )
        return redirect("network:group_requests", slug=slug)
    pending = JoinRequest.objects.pending().filter(group=group).select_related("user")
    members = group.memberships.select_related("user").order_by("-role", "joined_on")
    return _render(
        request,
        "network/group_requests.html",
        {
            "group": group,
            "pending": pending,
            "members_page": _page(request, members, 50),
        },
    )


def _set_group_role(request, group):
    membership = get_object_or_404(
        GroupMembership.objects.select_related("user", "group"),
        pk=request.POST.get("membership"),
        group=group,
    )
    role = request.POST.get("role")
    if role not in GroupMembership.Role.values:
        raise Http404
    name = membership.user.public_name
    try:
        changed = services.set_group_role(request.user, membership, role)
    except ValidationError as refused:
        messages.error(request, _message(refused))
        return
    if not changed:
        messages.info(request, _("Nothing changed."))
    elif role == GroupMembership.Role.ADMIN:
        messages.success(request, _("%(name)s is now a group admin.") % {"name": name})
    else:
        messages.success(
            request, _("%(name)s is no longer a group admin.") % {"name": name}
        )


@require_GET
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _thread_list(
        request,
        Q(tags=tag),
        "network/place.html",
        {
            "place": tag,
            "kind": "tag",
            "can_read": True,
            "watching": _watching(request.user, "tag", tag),
        },
    )


@require_POST
@login_required
def watch(request, kind, pk):
    """Watch or stop watching a category, group or tag (POST watching=1|0)."""
    models = {"category": Category, "group": Group, "tag": Tag}
    if kind not in models:
        raise Http404
    target = get_object_or_404(models[kind], pk=pk)
    if kind == "category" and not perms.can_view_category(request.user, target):
        raise Http404
    if kind == "group" and not perms.can_read_group(request.user, target):
        raise PermissionDenied
    watching = request.POST.get("watching") == "1"
    services.set_watch(request.user, kind, target, watching)
    messages.success(
        request,
        _("You will be notified of new posts here.")
        if watching
        else _("You no longer follow this."),
    )
    fallback = (
        reverse("network:tag", args=[target.slug])
        if kind == "tag"
        else target.get_absolute_url()
    )
    return _back(request, fallback)
