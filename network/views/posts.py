"""What members do with a post: react, bookmark, mark the solution, watch, edit,
delete, see and trim its history, flag it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import moderation, services
from ..forms import (
    EditPostForm,
    FlagForm,
)
from ..models import (
    Post,
    PostRevision,
    Thread,
)
from ..permissions import network_permissions as perms
from ..rendering import render
from .base import (
    _back,
    _login,
    _LoginRequired,
    _message,
    _post_url,
    _render,
    _thread_or_404,
)

# --- Post actions --------------------------------------------------------------------


def _post_for_action(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("thread__category", "thread__group", "author"),
        pk=pk,
    )
    if not perms.can_read_thread(request.user, post.thread):
        raise Http404
    return post


@require_POST
@login_required
def post_react(request, pk):
    post = _post_for_action(request, pk)
    try:
        services.toggle_reaction(request.user, post, request.POST.get("kind", ""))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
    return redirect(_post_url(post))


@require_POST
@login_required
def post_bookmark(request, pk):
    post = _post_for_action(request, pk)
    added = services.toggle_bookmark(request.user, post)
    messages.success(request, _("Bookmarked.") if added else _("Bookmark removed."))
    return _back(request, _post_url(post))


@require_POST
@login_required
def post_solution(request, pk):
    post = _post_for_action(request, pk)
    try:
        services.mark_solution(request.user, post)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
        if isinstance(error, PermissionDenied):
            raise
    else:
        messages.success(request, _("Marked as the solution."))
    return redirect(post.thread)


@require_POST
@login_required
def thread_unsolve(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    if not perms.can_read_thread(request.user, thread):
        raise Http404
    services.unmark_solution(request.user, thread)
    messages.success(request, _("The thread is no longer marked as solved."))
    return redirect(thread)


@require_POST
@login_required
def thread_watch(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    if not perms.can_read_thread(request.user, thread):
        raise Http404
    watching = request.POST.get("watching") == "1"
    services.set_watch(request.user, "thread", thread, watching)
    messages.success(
        request,
        _("You will be notified of new replies.")
        if watching
        else _("You no longer follow this thread."),
    )
    return redirect(thread)


@never_cache
@login_required
def post_edit(request, pk):
    post = _post_for_action(request, pk)
    if not perms.can_edit_post(request.user, post):
        raise PermissionDenied
    first = post.position == 1
    form = EditPostForm(
        request.POST or None,
        initial={"body": post.body, "title": post.thread.title if first else ""},
    )
    if not first:
        del form.fields["title"]
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                request.user,
                post,
                form.cleaned_data["body"],
                title=form.cleaned_data.get("title") or None,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_post_url(post))
    return _render(
        request,
        "network/post_edit.html",
        {"form": form, "post": post, "thread": post.thread},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def post_delete(request, pk):
    post = _post_for_action(request, pk)
    if not perms.can_delete_post(request.user, post):
        raise PermissionDenied
    services.delete_post(request.user, post)
    if post.position == 1:
        messages.success(request, _("Your thread is deleted."))
        return redirect(post.thread.place)
    messages.success(request, _("The post is deleted."))
    return redirect(_post_url(post))


@require_GET
def post_history(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    try:
        _thread_or_404(request, post.thread_id)
    except _LoginRequired:
        return _login(request)
    if not perms.can_see_history(request.user, post):
        raise Http404
    revisions = list(post.revisions.select_related("edited_by"))
    for revision in revisions:
        revision.html = render(revision.body)
    return _render(
        request,
        "network/post_history.html",
        {
            "post": post,
            "thread": post.thread,
            "revisions": revisions,
            "can_remove": bool(revisions)
            and perms.can_remove_revision(request.user, revisions[0]),
        },
    )


@require_POST
def post_revision_remove(request, pk, revision_pk):
    """The author takes one earlier version of their post out of its history."""
    revision = get_object_or_404(
        PostRevision.objects.select_related("post__thread"),
        pk=revision_pk,
        post_id=pk,
    )
    if not perms.can_remove_revision(request.user, revision):
        raise Http404
    services.remove_revision(request.user, revision)
    messages.success(request, _("That version is removed from the post's history."))
    return redirect("network:post_history", pk=pk)


@never_cache
@login_required
def post_flag(request, pk):
    post = _post_for_action(request, pk)
    if not perms.can_flag(request.user, post):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = moderation.flag(
            request.user, post, form.cleaned_data["reason"], form.cleaned_data["note"]
        )
        messages.success(
            request,
            _("Thank you: a moderator will look at this post.")
            if created
            else _("You have already flagged this post."),
        )
        return redirect(_post_url(post))
    return _render(
        request,
        "network/flag.html",
        {"form": form, "post": post, "thread": post.thread},
        status=400 if form.errors else 200,
    )
