"""Care of the community: flags, the moderators' actions and the audit log.

Every action is a conditional update (`...filter(locked=False).update(locked=True)`)
or runs under a row lock, so two moderators acting at once do it once: the second
one gets a clear message ("already locked") and the log holds one entry.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    Category,
    Flag,
    Group,
    ModerationAction,
    Notification,
    Post,
    Suspension,
    Thread,
)
from .notifications import notify
from .permissions import forget
from .permissions import network_permissions as perms

Action = ModerationAction.Action


class AlreadyDone(Exception):
    """Another moderator got there first; the message says what the state is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _require_moderator(user):
    if not perms.can_moderate_network(user):
        raise PermissionDenied(_("Only moderators can do this."))


def _log(moderator, action, *, thread=None, post=None, target_user=None, reason=""):
    if thread is None and post is not None:
        thread = post.thread
    summary = thread.title if thread else ""
    if target_user is not None and not summary:
        summary = target_user.public_name
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        thread=thread,
        post=post,
        target_user=target_user,
        summary=summary[:300],
        reason=reason[:1000],
    )


# --- Flags --------------------------------------------------------------------------


def flag(reporter, post, reason, note=""):
    """Report a post to the moderators. Returns False if already reported by them."""
    if not perms.can_flag(reporter, post):
        raise PermissionDenied(_("You cannot flag this post."))
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Choose a reason."))
    try:
        with transaction.atomic():
            Flag.objects.create(post=post, reporter=reporter, reason=reason, note=note)
    except IntegrityError:
        return False
    return True


def queue():
    """Open flags, oldest first, with what the queue page shows."""
    return Flag.objects.open().select_related(
        "post__thread", "post__author", "reporter"
    )


def dismiss_flag(moderator, flag_obj):
    _require_moderator(moderator)
    with transaction.atomic():
        changed = Flag.objects.filter(pk=flag_obj.pk, status=Flag.Status.OPEN).update(
            status=Flag.Status.DISMISSED,
            resolved_by=moderator,
            resolved_on=timezone.now(),
        )
        if not changed:
            raise AlreadyDone(_("Another moderator has already handled this flag."))
        _log(moderator, Action.DISMISS_FLAG, post=flag_obj.post)


# --- Posts and threads --------------------------------------------------------------


def set_post_hidden(moderator, post, hidden, reason=""):
    """Hide a post (upholding its open flags) or show it again."""
    _require_moderator(moderator)
    with transaction.atomic():
        changed = Post.objects.filter(pk=post.pk, hidden=not hidden).update(
            hidden=hidden
        )
        if not changed:
            raise AlreadyDone(
                _("This post is already hidden.")
                if hidden
                else _("This post is already visible.")
            )
        if hidden:
            Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(
                status=Flag.Status.UPHELD,
                resolved_by=moderator,
                resolved_on=timezone.now(),
            )
        _log(
            moderator,
            Action.HIDE if hidden else Action.UNHIDE,
            post=post,
            reason=reason,
        )
        if hidden and post.author_id and post.author_id != moderator.pk:
            notify(
                post.author,
                Notification.Kind.MODERATION,
                thread=post.thread,
                message=(
                    _("your post was hidden: %(reason)s") % {"reason": reason}
                    if reason
                    else _("your post was hidden.")
                )[:500],
            )


_THREAD_FLAGS = {
    Action.HIDE: ("hidden", True),
    Action.UNHIDE: ("hidden", False),
    Action.LOCK: ("locked", True),
    Action.UNLOCK: ("locked", False),
    Action.PIN: ("pinned", True),
    Action.UNPIN: ("pinned", False),
}

# Lazy: the message is translated when shown, in the moderator's language.
_ALREADY = {
    Action.HIDE: gettext_lazy("This thread is already hidden."),
    Action.UNHIDE: gettext_lazy("This thread is already visible."),
    Action.LOCK: gettext_lazy("This thread is already locked."),
    Action.UNLOCK: gettext_lazy("This thread is already unlocked."),
    Action.PIN: gettext_lazy("This thread is already pinned."),
    Action.UNPIN: gettext_lazy("This thread is already unpinned."),
}


def set_thread_state(moderator, thread, action, reason=""):
    """Hide/unhide, lock/unlock, pin/unpin a thread, once."""
    _require_moderator(moderator)
    field, value = _THREAD_FLAGS[action]
    with transaction.atomic():
        changed = Thread.objects.filter(pk=thread.pk, **{field: not value}).update(
            **{field: value}
        )
        if not changed:
            raise AlreadyDone(str(_ALREADY[action]))
        if action in (Action.HIDE, Action.UNHIDE):
            # The place's counters count what members can see.
            _recount_place(Category, thread.category_id)
            _recount_place(Group, thread.group_id)
        _log(moderator, action, thread=thread, reason=reason)
        if action in (Action.HIDE, Action.LOCK) and thread.author_id:
            notify(
                thread.author,
                Notification.Kind.MODERATION,
                thread=thread,
                message=(
                    _("your thread “%(title)s” was hidden.")
                    if action == Action.HIDE
                    else _("your thread “%(title)s” was locked.")
                )
                % {"title": thread.title[:200]},
            )


def _recount_place(model, pk):
    if pk is None:
        return
    threads = Thread.objects.filter(
        **{model._meta.model_name: pk},
        merged_into__isnull=True,
        deleted_on__isnull=True,
        hidden=False,
    )
    # Counters only: no search document reads them (update_counters, not the
    # indexed update() that would re-read every thread of the place).
    model.objects.filter(pk=pk).update_counters(
        threads_count=threads.count(),
        posts_count=Post.objects.filter(thread__in=threads).count(),
        last_post_on=threads.aggregate(last=Max("last_post_on"))["last"],
    )


def move_thread(moderator, thread, place, reason=""):
    """Move a thread to another category or group."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        old = (locked.category_id, locked.group_id)
        if isinstance(place, Category):
            new = (place.pk, None)
        else:
            new = (None, place.pk)
        if old == new:
            raise AlreadyDone(_("The thread is already there."))
        locked.category_id, locked.group_id = new
        locked.save(update_fields=["category", "group"])
        for model, pk in ((Category, old[0]), (Group, old[1])):
            _recount_place(model, pk)
        _recount_place(type(place), place.pk)
        _log(
            moderator,
            Action.MOVE,
            thread=locked,
            reason=(reason or _("moved to %(place)s") % {"place": place})[:1000],
        )
    return locked


def merge_threads(moderator, source, target, reason=""):
    """Move every post of `source` to the end of `target`; `source` then points to
    `target` (its address redirects)."""
    _require_moderator(moderator)
    if source.pk == target.pk:
        raise ValidationError(_("A thread cannot be merged into itself."))
    with transaction.atomic():
        # Lock in a fixed order so two merges at once cannot deadlock.
        rows = {
            t.pk: t
            for t in Thread.objects.select_for_update()
            .filter(pk__in=[source.pk, target.pk])
            .order_by("pk")
        }
        src, dst = rows[source.pk], rows[target.pk]
        if src.merged_into_id or dst.merged_into_id:
            raise AlreadyDone(_("One of these threads has already been merged."))
        offset = dst.posts_count
        moved = list(Post.objects.filter(thread=src).order_by("position", "pk"))
        for index, post in enumerate(moved, start=1):
            post.thread = dst
            post.position = offset + index
        Post.objects.bulk_update(moved, ["thread", "position"])
        last = max([p.created_on for p in moved] + [dst.last_post_on or src.created_on])
        Thread.objects.filter(pk=dst.pk).update(
            posts_count=F("posts_count") + len(moved), last_post_on=last
        )
        Thread.objects.filter(pk=src.pk).update(
            merged_into=dst, posts_count=0, solution=None
        )
        for model, pk in (
            (Category, src.category_id),
            (Group, src.group_id),
            (Category, dst.category_id),
            (Group, dst.group_id),
        ):
            _recount_place(model, pk)
        _log(
            moderator,
            Action.MERGE,
            thread=dst,
            reason=(
                reason
                or _("merged “%(title)s” into this thread") % {"title": src.title}
            )[:1000],
        )
    return dst


# --- People -------------------------------------------------------------------------


def suspend(moderator, user, reason, ends_on):
    _require_moderator(moderator)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the member will see it."))
    if ends_on <= timezone.now():
        raise ValidationError(_("The end of a suspension must be in the future."))
    if user.pk == moderator.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    with transaction.atomic():
        suspension = Suspension.objects.create(
            user=user, reason=reason, ends_on=ends_on, created_by=moderator
        )
        _log(moderator, Action.SUSPEND, target_user=user, reason=reason)
        notify(
            user,
            Notification.Kind.MODERATION,
            message=(
                _("you are suspended until %(date)s: %(reason)s")
                % {"date": ends_on.strftime("%Y-%m-%d"), "reason": reason}
            )[:500],
        )
    forget(user, "_network_suspension")
    return suspension


def lift_suspension(moderator, suspension):
    _require_moderator(moderator)
    with transaction.atomic():
        changed = Suspension.objects.filter(
            pk=suspension.pk, lifted_on__isnull=True
        ).update(lifted_on=timezone.now())
        if not changed:
            raise AlreadyDone(_("This suspension has already been lifted."))
        _log(moderator, Action.UNSUSPEND, target_user=suspension.user)


def audit_log():
    return ModerationAction.objects.select_related(
        "moderator", "thread", "target_user"
    ).order_by("-created_on", "-pk")
