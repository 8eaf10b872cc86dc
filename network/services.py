"""What the network's views, tasks and the demo share: starting threads, replying,
editing and deleting posts, solutions, reactions, bookmarks, following and groups.

Every write runs in one transaction, locks the thread row it changes (so counters and
post positions stay right when two people reply at once) and checks the permission
handler again inside it: a thread locked a moment ago refuses the reply.
"""

import hashlib
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dela import page_cache
from dela.tasks import enqueue_with_change
from dela.text import nordic_slug

from . import limits
from .models import (
    Bookmark,
    Category,
    Group,
    GroupMembership,
    JoinRequest,
    Notification,
    Post,
    PostImage,
    PostRevision,
    Profile,
    Reaction,
    Subscription,
    Thread,
    Visibility,
)
from .permissions import forget
from .permissions import network_permissions as perms
from .rendering import mentioned_handles, render

MAX_POST_LENGTH = 20_000
MAX_MENTIONS = 20
DUPLICATE_WINDOW = timedelta(minutes=10)


# --- Profiles -----------------------------------------------------------------------


def unique_handle(user):
    base = nordic_slug(user.public_name, max_length=32)
    if len(base) < 2:
        base = f"member-{user.pk}"
    handle, counter = base, 2
    while Profile.objects.filter(handle=handle).exclude(user=user).exists():
        handle = f"{base}-{counter}"
        counter += 1
    return handle


def profile_of(user):
    """The member's profile, created on first need."""
    try:
        return user.network_profile
    except Profile.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            profile = Profile.objects.create(user=user, handle=unique_handle(user))
    except IntegrityError:  # made at the same moment by another request
        profile = Profile.objects.get(user=user)
    user.network_profile = profile
    return profile


def save_profile(profile, *, photo=None, remove_photo=False, save_related=None):
    """Save ``profile`` (its fields already set by the caller) with a new ``photo``
    (the (photo, thumbnail) files of ``forms.photo_files``) or without its photo.
    The files are written before the row and removed again if the save fails; the
    files a change replaced are deleted once it is committed. ``save_related`` (a
    form's ``save_m2m``) runs in the same transaction."""
    before = (
        Profile.objects.filter(pk=profile.pk)
        .values_list("photo", "photo_thumbnail")
        .first()
    ) or ()
    stored = []
    try:
        with transaction.atomic():
            if photo is not None:
                big, thumbnail = photo
                profile.photo.save(big.name, big, save=False)
                stored.append(profile.photo.name)
                profile.photo_thumbnail.save(thumbnail.name, thumbnail, save=False)
                stored.append(profile.photo_thumbnail.name)
            elif remove_photo:
                profile.photo = ""
                profile.photo_thumbnail = ""
            profile.save()
            if save_related is not None:
                save_related()
    except BaseException:
        _forget_files(stored)
        raise
    current = {profile.photo.name, profile.photo_thumbnail.name}
    for name in before:
        if name and name not in current:
            transaction.on_commit(lambda name=name: default_storage.delete(name))
    return profile


def mention_targets(source):
    """{handle: profile url} of known active members a text mentions, one query."""
    handles = mentioned_handles(source)[: MAX_MENTIONS * 2]
    if not handles:
        return {}
    return {
        handle: f"/ambassadors/{user_id}/"
        for handle, user_id in Profile.objects.filter(
            handle__in=handles, user__is_active=True
        ).values_list("handle", "user_id")
    }


def render_body(source):
    return render(source, mention_targets(source))


# --- Validation shared by the forms and the services --------------------------------


def clean_body(body):
    """The text of a post, or ValidationError with a message the member understands."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("Write something before you post."), code="empty")
    if len(body) > MAX_POST_LENGTH:
        raise ValidationError(
            _(
                "Your post is %(length)d characters long; the most is %(max)d. "
                "Shorten it or split it into two posts."
            )
            % {"length": len(body), "max": MAX_POST_LENGTH},
            code="too_long",
        )
    if len(mentioned_handles(body)) > MAX_MENTIONS:
        raise ValidationError(
            _("You can mention at most %(max)d people in one post.")
            % {"max": MAX_MENTIONS},
            code="too_many_mentions",
        )
    return body


def _digest(body):
    return hashlib.sha256(body.encode()).hexdigest()


# --- Threads and posts --------------------------------------------------------------


def _bump_place(thread, now, threads=0):
    model = Category if thread.category_id else Group
    model.objects.filter(pk=thread.category_id or thread.group_id).update_counters(
        posts_count=F("posts_count") + 1,
        threads_count=F("threads_count") + threads,
        last_post_on=now,
    )


def _recount_place(thread):
    from .moderation import _recount_place as recount

    recount(Category, thread.category_id)
    recount(Group, thread.group_id)


def _watch_thread(author, thread):
    """The author follows the thread they wrote in: one statement, whether or not
    they followed it already (the unique constraint keeps one row)."""
    Subscription.objects.bulk_create(
        [Subscription(user=author, kind=Subscription.Kind.THREAD, thread=thread)],
        ignore_conflicts=True,
    )


def _after_post(post):
    from . import tasks

    enqueue_with_change(tasks.notify_new_post, post.pk)


def _attach_images(post, images, stored):
    """Store `images` [(file, width, height, alt)] on `post`; each stored file's name
    goes into `stored` so a caller can delete them if the transaction fails."""
    for order, (content, width, height, alt) in enumerate(images, start=1):
        attachment = PostImage(
            post=post, alt_text=alt[:250], width=width, height=height, order=order
        )
        attachment.image.save(content.name, content, save=False)
        stored.append(attachment.image.name)
        attachment.save()


def _forget_files(stored):
    for name in stored:
        default_storage.delete(name)


def start_thread(
    author,
    place,
    title,
    body,
    tags=(),
    language="sv",
    submission_key="",
    ip=None,
    images=(),
):
    """Open a thread in a category or group with its first post (with `images`, see
    _attach_images). Returns the thread."""
    body = clean_body(body)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give your thread a title."))
    if not perms.can_start_thread_in(author, place):
        raise PermissionDenied(
            perms.write_refusal(author) or _("You cannot start a thread here.")
        )
    if submission_key:
        earlier = (
            Post.objects.filter(author=author, submission_key=submission_key)
            .select_related("thread")
            .first()
        )
        if earlier is not None:
            return earlier.thread
    if images and not perms.can_attach_images(author, place):
        raise PermissionDenied(_("You cannot add images here."))
    taken = limits.take_post(author, ip, body)
    now = timezone.now()
    profile = profile_of(author)
    stored = []
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                title=title[:150],
                author=author,
                language=language,
                created_on=now,
                last_post_on=now,
                last_poster=author,
                posts_count=1,
                **(
                    {"category": place}
                    if isinstance(place, Category)
                    else {"group": place}
                ),
            )
            if tags:
                thread.tags.set(list(tags))
            post = Post.objects.create(
                thread=thread,
                author=author,
                position=1,
                body=body,
                html=render_body(body),
                created_on=now,
                submission_key=submission_key,
                ip_address=ip,
            )
            _attach_images(post, images, stored)
            _bump_place(thread, now, threads=1)
            Profile.objects.filter(pk=profile.pk).update_counters(
                threads_count=F("threads_count") + 1, posts_count=F("posts_count") + 1
            )
            _watch_thread(author, thread)
            _after_post(post)
    except BaseException as error:
        _forget_files(stored)
        limits.give_back(taken)
        if not isinstance(error, IntegrityError):
            raise
        # The same form sent twice at the same moment: the first one won.
        earlier = Post.objects.filter(
            author=author, submission_key=submission_key
        ).first()
        if submission_key and earlier is not None:
            return earlier.thread
        raise
    return thread


def reply(author, thread, body, submission_key="", ip=None, images=()):
    """Add a post (with `images`, see _attach_images) to a thread. Returns (post,
    created): the same form sent twice returns the first post with created=False."""
    body = clean_body(body)
    if submission_key:
        earlier = Post.objects.filter(
            author=author, submission_key=submission_key
        ).first()
        if earlier is not None:
            return earlier, False
    refusal = perms.reply_refusal(author, thread)
    if refusal:
        raise PermissionDenied(refusal)
    if images and not perms.can_attach_images(author, thread):
        raise PermissionDenied(_("You cannot add images here."))
    taken = limits.take_post(author, ip, body)
    profile = profile_of(author)
    stored = []
    try:
        with transaction.atomic():
            # The place too (who may reply asks it), locking the thread's row only.
            locked = (
                Thread.objects.select_for_update(of=("self",))
                .select_related("category", "group")
                .get(pk=thread.pk)
            )
            refusal = perms.reply_refusal(author, locked)
            if refusal:
                raise PermissionDenied(refusal)
            duplicate = Post.objects.filter(
                thread=locked,
                author=author,
                deleted_on__isnull=True,
                created_on__gte=timezone.now() - DUPLICATE_WINDOW,
            ).values_list("body", flat=True)
            if any(_digest(text) == _digest(body) for text in duplicate):
                raise ValidationError(
                    _("You have just posted the same text in this thread."),
                    code="duplicate",
                )
            now = timezone.now()
            # The counters first: the post's save re-indexes the thread (with its new
            # last activity), at once where tasks run at once.
            Thread.objects.filter(pk=locked.pk).update_counters(
                posts_count=F("posts_count") + 1, last_post_on=now, last_poster=author
            )
            post = Post.objects.create(
                thread=locked,
                author=author,
                position=locked.posts_count + 1,
                body=body,
                html=render_body(body),
                created_on=now,
                submission_key=submission_key,
                ip_address=ip,
            )
            _attach_images(post, images, stored)
            _bump_place(locked, now)
            Profile.objects.filter(pk=profile.pk).update_counters(
                posts_count=F("posts_count") + 1
            )
            _watch_thread(author, locked)
            _after_post(post)
    except BaseException as error:
        _forget_files(stored)
        limits.give_back(taken)
        if not isinstance(error, IntegrityError):
            raise
        earlier = Post.objects.filter(
            author=author, submission_key=submission_key
        ).first()
        if submission_key and earlier is not None:
            return earlier, False
        raise
    return post, True


def edit_post(user, post, body, title=None):
    """Change a post's text, keeping the earlier text in its history."""
    body = clean_body(body)
    if not perms.can_edit_post(user, post):
        raise PermissionDenied(_("You cannot edit this post."))
    with transaction.atomic():
        current = Post.objects.select_for_update().get(pk=post.pk)
        if current.body == body and title is None:
            return current
        if current.body != body:
            PostRevision.objects.create(post=current, body=current.body, edited_by=user)
            current.body = body
            current.html = render_body(body)
            current.edited_on = timezone.now()
            current.edits_count += 1
            current.save(update_fields=["body", "html", "edited_on", "edits_count"])
        if title and current.position == 1 and title.strip() != current.thread.title:
            thread = current.thread
            thread.title = title.strip()[:150]
            thread.save(update_fields=["title", "slug"])
    return current


def remove_revision(user, revision):
    """The author removes one of their post's earlier versions from its history."""
    if not perms.can_remove_revision(user, revision):
        raise PermissionDenied(_("You cannot remove this version."))
    revision.delete()


def delete_post(user, post):
    """Soft delete: the post shows as deleted; deleting the first post deletes the
    thread (its author withdraws the question)."""
    if not perms.can_delete_post(user, post):
        raise PermissionDenied(_("You cannot delete this post."))
    now = timezone.now()
    with transaction.atomic():
        changed = Post.objects.filter(pk=post.pk, deleted_on__isnull=True).update(
            deleted_on=now
        )
        if not changed:
            return False
        # Its earlier versions go with it (they may hold what the author took out).
        PostRevision.objects.filter(post_id=post.pk).delete()
        if post.position == 1:
            Thread.objects.filter(pk=post.thread_id).update(deleted_on=now)
            _recount_place(post.thread)
        Thread.objects.filter(pk=post.thread_id, solution_id=post.pk).update(
            solution=None
        )
        # The updates above send no signal: tell the owner of what public pages
        # keep (the home page's active threads, kept pages), now and on commit.
        page_cache.content_changed(page_cache.NETWORK)
    return True


# --- Solutions, reactions, bookmarks ------------------------------------------------


def mark_solution(user, post):
    """Mark a reply as the thread's solution (replacing an earlier one)."""
    from .notifications import notify

    thread = post.thread
    if not perms.can_mark_solution(user, thread):
        raise PermissionDenied(
            _("Only the thread's author or a moderator can do this.")
        )
    if post.position == 1 or post.is_deleted or post.hidden:
        raise ValidationError(_("Only a visible reply can be the solution."))
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.solution_id == post.pk:
            return False
        previous = locked.solution
        if previous is not None and previous.author_id:
            Profile.objects.filter(user_id=previous.author_id).update_counters(
                solutions_count=F("solutions_count") - 1
            )
        locked.solution = post
        locked.solution_marked_by = user
        locked.save(update_fields=["solution", "solution_marked_by"])
        if post.author_id:
            profile_of(post.author)
            Profile.objects.filter(user_id=post.author_id).update_counters(
                solutions_count=F("solutions_count") + 1
            )
            if post.author_id != user.pk:
                notify(
                    post.author,
                    Notification.Kind.SOLUTION,
                    actor=user,
                    thread=locked,
                    post=post,
                )
    return True


def unmark_solution(user, thread):
    if not perms.can_mark_solution(user, thread):
        raise PermissionDenied(
            _("Only the thread's author or a moderator can do this.")
        )
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.solution_id is None:
            return False
        if locked.solution.author_id:
            Profile.objects.filter(user_id=locked.solution.author_id).update_counters(
                solutions_count=F("solutions_count") - 1
            )
        locked.solution = None
        locked.solution_marked_by = None
        locked.save(update_fields=["solution", "solution_marked_by"])
    return True


COUNTER = {
    Reaction.Kind.LIKE: "likes_count",
    Reaction.Kind.THANKS: "thanks_count",
    Reaction.Kind.HELPFUL: "helpful_count",
}


def toggle_reaction(user, post, kind):
    """Add the reaction, or take it back if given already. Returns True if added."""
    from .notifications import notify

    if kind not in COUNTER:
        raise ValidationError(_("Unknown reaction."))
    if not perms.can_react(user, post):
        raise PermissionDenied(_("You cannot react to this post."))
    field = COUNTER[kind]
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(
            post=post, user=user, kind=kind
        ).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update_counters(**{field: F(field) - 1})
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, user=user, kind=kind)
        except IntegrityError:  # a double click: the first one counted
            return True
        Post.objects.filter(pk=post.pk).update_counters(**{field: F(field) + 1})
        if post.author_id:
            notify(
                post.author,
                Notification.Kind.REACTION,
                actor=user,
                thread=post.thread,
                post=post,
                message=str(Reaction.Kind(kind).label),
            )
    return True


def toggle_bookmark(user, post):
    if not perms.can_bookmark(user) or not perms.can_read_thread(user, post.thread):
        raise PermissionDenied
    deleted, _rows = Bookmark.objects.filter(user=user, post=post).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=user, post=post)
    return True


def set_watch(user, kind, target, watching):
    """Start or stop watching a thread, category, group or tag."""
    if not perms.can_watch(user):
        raise PermissionDenied
    lookup = {"user": user, "kind": kind, kind: target}
    if watching:
        Subscription.objects.get_or_create(**lookup)
    else:
        Subscription.objects.filter(**lookup).delete()
    return watching


# --- Groups -------------------------------------------------------------------------


def _add_member(group, user, role=GroupMembership.Role.MEMBER):
    _membership, created = GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"role": role}
    )
    if created:
        Group.objects.filter(pk=group.pk).update_counters(
            members_count=F("members_count") + 1
        )
    forget(user, "_network_groups")
    return created


def join_group(user, group, message=""):
    """Join a public or members-only group at once; ask to join a private one.
    Returns "joined" or "requested"."""
    from .notifications import notify

    if not perms.can_join_group(user, group):
        raise PermissionDenied(_("You cannot join this group."))
    invitation = JoinRequest.objects.pending().filter(
        group=group, user=user, kind=JoinRequest.Kind.INVITE
    )
    if group.visibility != Visibility.PRIVATE or invitation.exists():
        with transaction.atomic():
            _add_member(group, user)
            invitation.update(
                status=JoinRequest.Status.ACCEPTED, decided_on=timezone.now()
            )
        return "joined"
    with transaction.atomic():
        request, created = JoinRequest.objects.get_or_create(
            group=group,
            user=user,
            status=JoinRequest.Status.PENDING,
            defaults={"message": message[:1000]},
        )
        if created:
            for admin in group.memberships.filter(
                role=GroupMembership.Role.ADMIN
            ).select_related("user"):
                notify(
                    admin.user,
                    Notification.Kind.GROUP,
                    actor=user,
                    group=group,
                    message=_("asks to join"),
                )
    return "requested"


def leave_group(user, group):
    """Leave a group. Its last admin cannot: a group always keeps one (they make
    another member admin first). The lock on the group's row serialises two admins
    leaving at once."""
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        membership = GroupMembership.objects.filter(group=group, user=user).first()
        if membership is None:
            return False
        admins = GroupMembership.objects.filter(
            group=group, role=GroupMembership.Role.ADMIN
        )
        if membership.role == GroupMembership.Role.ADMIN and admins.count() <= 1:
            raise ValidationError(
                _(
                    "You are the group's only admin: make another member admin "
                    "before you leave."
                )
            )
        membership.delete()
        Group.objects.filter(pk=group.pk).update_counters(
            members_count=F("members_count") - 1
        )
    forget(user, "_network_groups")
    return True


def decide_join_request(admin, join_request, accept):
    """A group admin accepts or declines a request (conditionally: two admins
    deciding at once decide once)."""
    from .notifications import notify

    if not perms.can_manage_group(admin, join_request.group):
        raise PermissionDenied
    status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    with transaction.atomic():
        changed = JoinRequest.objects.filter(
            pk=join_request.pk, status=JoinRequest.Status.PENDING
        ).update(status=status, decided_by=admin, decided_on=timezone.now())
        if not changed:
            return False
        if accept:
            _add_member(join_request.group, join_request.user)
        notify(
            join_request.user,
            Notification.Kind.GROUP,
            actor=admin,
            group=join_request.group,
            message=_("accepted your request to join")
            if accept
            else _("declined your request to join"),
        )
    return True


def invite(admin, group, user):
    from .notifications import notify

    if not perms.can_manage_group(admin, group):
        raise PermissionDenied
    if perms.is_group_member(user, group):
        return False
    with transaction.atomic():
        _invitation, created = JoinRequest.objects.get_or_create(
            group=group,
            user=user,
            status=JoinRequest.Status.PENDING,
            defaults={"kind": JoinRequest.Kind.INVITE, "invited_by": admin},
        )
        if created:
            notify(
                user,
                Notification.Kind.GROUP,
                actor=admin,
                group=group,
                message=_("invited you to join"),
            )
    return created


def set_group_role(admin, membership, role):
    """A group admin makes a member a group admin, or takes the role back.

    Returns False when the member already has that role. A group always keeps one
    admin: taking the role from the last one is refused (the lock on the group's row
    serialises two admins demoting each other at once)."""
    group = membership.group
    if not perms.can_manage_group(admin, group):
        raise PermissionDenied
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        current = GroupMembership.objects.filter(pk=membership.pk).first()
        if current is None or current.role == role:
            return False
        admins = GroupMembership.objects.filter(
            group=group, role=GroupMembership.Role.ADMIN
        )
        if role != GroupMembership.Role.ADMIN and admins.count() <= 1:
            raise ValidationError(_("A group needs at least one admin."))
        current.role = role
        current.save(update_fields=["role"])
    return True
