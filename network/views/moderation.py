"""Moderators' views: hide and show, lock and pin, move and merge, the queue of
flags, the log, suspensions."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import moderation
from ..forms import (
    ModerationReasonForm,
    SuspendForm,
)
from ..models import (
    Category,
    Flag,
    Group,
    Post,
    Suspension,
    Thread,
)
from ..permissions import network_permissions as perms
from .base import (
    _back,
    _message,
    _page,
    _post_url,
    _render,
)

User = get_user_model()


# --- Moderation ----------------------------------------------------------------------


def moderator_required(view):
    """Moderators only: a visitor is sent to log in, anyone else signed in is
    refused (403)."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not perms.can_moderate_network(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@require_POST
@moderator_required
def post_moderate(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    hidden = request.POST.get("action") == "hide"
    try:
        moderation.set_post_hidden(
            request.user, post, hidden, request.POST.get("reason", "")[:1000]
        )
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(
            request, _("The post is hidden.") if hidden else _("The post is visible.")
        )
    return _back(request, _post_url(post))


@require_POST
@moderator_required
def thread_moderate(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    action = request.POST.get("action", "")
    if action not in {"hide", "unhide", "lock", "unlock", "pin", "unpin"}:
        raise Http404
    try:
        moderation.set_thread_state(
            request.user, thread, action, request.POST.get("reason", "")[:1000]
        )
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("Done."))
    return _back(request, thread.get_absolute_url())


def _place_choices():
    return [(f"category:{c.pk}", c.name) for c in Category.objects.all()] + [
        (f"group:{g.pk}", g.name) for g in Group.objects.all()
    ]


@never_cache
@moderator_required
def thread_move(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    choices = _place_choices()
    error = None
    if request.method == "POST":
        kind, _sep, place_pk = request.POST.get("place", "").partition(":")
        model = {"category": Category, "group": Group}.get(kind)
        place = (
            model.objects.filter(pk=place_pk).first()
            if model and place_pk.isdigit()
            else None
        )
        if place is None:
            error = _("Choose where to move the thread.")
        else:
            try:
                moderation.move_thread(
                    request.user, thread, place, request.POST.get("reason", "")
                )
            except moderation.AlreadyDone as done:
                messages.info(request, done.message)
            else:
                messages.success(request, _("The thread is moved."))
            return redirect(thread)
    return _render(
        request,
        "network/thread_move.html",
        {"thread": thread, "choices": choices, "error": error},
        status=400 if error else 200,
    )


@never_cache
@moderator_required
def thread_merge(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    error = None
    if request.method == "POST":
        target_pk = (
            request.POST.get("target", "").strip().rstrip("/").rpartition("/")[2]
        )
        target_pk = target_pk or request.POST.get("target", "")
        target = (
            Thread.objects.filter(pk=target_pk).first() if target_pk.isdigit() else None
        )
        if target is None:
            error = _("Give the number of the thread to merge into.")
        else:
            try:
                moderation.merge_threads(
                    request.user, thread, target, request.POST.get("reason", "")
                )
            except moderation.AlreadyDone as done:
                messages.info(request, done.message)
                return redirect("network:thread_short", pk=thread.pk)
            except ValidationError as invalid:
                error = _message(invalid)
            else:
                messages.success(request, _("The threads are merged."))
                return redirect(target)
    return _render(
        request,
        "network/thread_merge.html",
        {"thread": thread, "error": error},
        status=400 if error else 200,
    )


@never_cache
@moderator_required
def moderation_queue(request):
    flags = moderation.queue()
    page_obj = _page(request, flags, 30)
    return _render(
        request,
        "network/moderation_queue.html",
        {
            "page_obj": page_obj,
            "flags": page_obj.object_list,
            "suspensions": Suspension.objects.active().select_related(
                "user", "created_by"
            )[:50],
            "reason_form": ModerationReasonForm(),
        },
    )


@require_POST
@moderator_required
def flag_dismiss(request, pk):
    flag = get_object_or_404(Flag.objects.select_related("post__thread"), pk=pk)
    try:
        moderation.dismiss_flag(request.user, flag)
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("The flag is dismissed."))
    return redirect("network:moderation")


@never_cache
@moderator_required
def moderation_log(request):
    page_obj = _page(request, moderation.audit_log(), 50)
    return _render(
        request,
        "network/moderation_log.html",
        {"page_obj": page_obj, "actions": page_obj.object_list},
    )


@never_cache
@moderator_required
def suspend(request, user_pk):
    member = get_object_or_404(User, pk=user_pk, is_active=True)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ends = timezone.make_aware(
            timezone.datetime.combine(
                form.cleaned_data["ends_on"], timezone.datetime.min.time()
            )
        )
        try:
            moderation.suspend(request.user, member, form.cleaned_data["reason"], ends)
        except ValidationError as invalid:
            form.add_error(None, _message(invalid))
        else:
            messages.success(
                request, _("%(name)s is suspended.") % {"name": member.public_name}
            )
            return redirect("network:moderation")
    return _render(
        request,
        "network/suspend.html",
        {"form": form, "member": member},
        status=400 if form.errors else 200,
    )


@require_POST
@moderator_required
def lift_suspension(request, pk):
    suspension = get_object_or_404(Suspension.objects.select_related("user"), pk=pk)
    try:
        moderation.lift_suspension(request.user, suspension)
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("The suspension is lifted."))
    return redirect("network:moderation")
