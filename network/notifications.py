"""What reaches members: in-app notifications, and e-mails for those who opted in.

A new post notifies, once each and in this order of precedence, the members it
mentions, the authors it quotes, and those watching its thread, category, group or
tags. E-mails are sent by background tasks (tasks.py): one per notification or a
daily or weekly digest, as each member chooses, in the member's own language, with a
link that unsubscribes without logging in.
"""

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dela.mail import in_language_of, send_to
from dela.tasks import enqueue_with_change

from .models import (
    GroupMembership,
    Notification,
    NotificationPreference,
    Post,
    Profile,
    Subscription,
)
from .permissions import network_permissions as perms
from .rendering import mentioned_handles, quoted_post_ids

UNSUBSCRIBE_SALT = "network.unsubscribe"


def notify(recipient, kind, **fields):
    """One in-app notification (and an e-mail, if the member asked for one each)."""
    if recipient is None or not recipient.is_active:
        return None
    notification = Notification.objects.create(recipient=recipient, kind=kind, **fields)
    _email_soon([notification])
    return notification


def _email_soon(notifications):
    from . import tasks

    wanted = set(
        NotificationPreference.objects.filter(
            user_id__in={n.recipient_id for n in notifications},
            email_mode=NotificationPreference.EmailMode.EACH,
            consent_on__isnull=False,
        ).values_list("user_id", flat=True)
    )
    for notification in notifications:
        if notification.recipient_id in wanted:
            enqueue_with_change(tasks.email_notification, notification.pk)


def notify_new_post(post):
    """Create the notifications a new post causes. Returns them."""
    thread = post.thread
    author_id = post.author_id
    recipients = {}  # user id -> kind; the first reason wins

    handles = mentioned_handles(post.body)
    if handles:
        for user_id in Profile.objects.filter(
            handle__in=handles[:20], user__is_active=True
        ).values_list("user_id", flat=True):
            recipients.setdefault(user_id, Notification.Kind.MENTION)
    quoted = quoted_post_ids(post.body)
    if quoted:
        for user_id in Post.objects.filter(
            pk__in=quoted[:20], thread__isnull=False
        ).values_list("author_id", flat=True):
            if user_id:
                recipients.setdefault(user_id, Notification.Kind.QUOTE)
    watching = Q(kind=Subscription.Kind.THREAD, thread=thread)
    if thread.category_id:
        watching |= Q(kind=Subscription.Kind.CATEGORY, category_id=thread.category_id)
    if thread.group_id:
        watching |= Q(kind=Subscription.Kind.GROUP, group_id=thread.group_id)
    tag_ids = list(thread.tags.values_list("pk", flat=True))
    if tag_ids:
        watching |= Q(kind=Subscription.Kind.TAG, tag_id__in=tag_ids)
    for user_id in Subscription.objects.filter(watching).values_list(
        "user_id", flat=True
    ):
        recipients.setdefault(user_id, Notification.Kind.REPLY)
    recipients.pop(author_id, None)
    # Run again (the worker queues a task again when the database failed under it):
    # those told the first time are not told twice.
    for user_id in Notification.objects.filter(post=post).values_list(
        "recipient_id", flat=True
    ):
        recipients.pop(user_id, None)
    if not recipients:
        return []

    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(pk__in=recipients, is_active=True))
    if thread.group_id:
        _read_groups_of(users)
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=recipients[user.pk],
                actor_id=author_id,
                thread=thread,
                post=post,
            )
            for user in users
            # Nobody hears of a post they may not read (a private group, say).
            if perms.can_read_thread(user, thread)
        ]
    )
    if post.mentioned is not None:
        post.mentioned.add(*[n.recipient_id for n in created if n.kind == "mention"])
    if created and created[0].pk is None:  # backends without RETURNING
        created = list(Notification.objects.filter(post=post))
    _email_soon(created)
    return created


def _read_groups_of(users):
    """Each user's groups in one query, where the permission handler keeps them
    (``is_group_member`` reads them once per user otherwise): asking whether each
    recipient may read a group's thread then costs no query per recipient."""
    groups = {user.pk: {} for user in users}
    for user_id, group_id, role in GroupMembership.objects.filter(
        user_id__in=groups
    ).values_list("user_id", "group_id", "role"):
        groups[user_id][group_id] = role
    for user in users:
        user._network_groups = groups[user.pk]


def describe(notification):
    """One line saying what happened, in the active language."""
    actor = notification.actor.public_name if notification.actor else _("Someone")
    title = notification.thread.title if notification.thread_id else ""
    group = notification.group.name if notification.group_id else ""
    kind = notification.kind
    if kind == Notification.Kind.MENTION:
        return _("%(actor)s mentioned you in “%(title)s”") % {
            "actor": actor,
            "title": title,
        }
    if kind == Notification.Kind.QUOTE:
        return _("%(actor)s quoted you in “%(title)s”") % {
            "actor": actor,
            "title": title,
        }
    if kind == Notification.Kind.REPLY:
        if notification.post_id and notification.post.position == 1:
            # The first post of a thread in a place, tag or group someone follows.
            return _("%(actor)s started a new thread: “%(title)s”") % {
                "actor": actor,
                "title": title,
            }
        return _("%(actor)s replied in “%(title)s”") % {"actor": actor, "title": title}
    if kind == Notification.Kind.SOLUTION:
        return _("%(actor)s marked your answer as the solution in “%(title)s”") % {
            "actor": actor,
            "title": title,
        }
    if kind == Notification.Kind.REACTION:
        return _("%(actor)s reacted (%(reaction)s) to your post in “%(title)s”") % {
            "actor": actor,
            "reaction": notification.message,
            "title": title,
        }
    if kind == Notification.Kind.GROUP:
        return _("%(actor)s %(what)s %(group)s") % {
            "actor": actor,
            "what": notification.message,
            "group": group,
        }
    return _("A moderator: %(message)s") % {"message": notification.message}


# --- E-mail -------------------------------------------------------------------------


def unread_count(user):
    """The header badge's number: ``user``'s standing notifications not yet read."""
    return Notification.objects.filter(recipient=user).unread().current().count()


def mark_read(notification):
    """Mark one notification read (once: a second opening keeps the first time)."""
    Notification.objects.filter(pk=notification.pk).unread().update(
        read_on=timezone.now()
    )


def mark_all_read(user):
    """Mark every notification of ``user`` read; how many were unread."""
    return (
        Notification.objects.filter(recipient=user)
        .unread()
        .update(read_on=timezone.now())
    )


def preference_of(user):
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def unsubscribe(preference):
    """Stop every network e-mail to ``preference``'s member (from a link in one of
    them), recording the consent withdrawn and how."""
    preference.email_mode = NotificationPreference.EmailMode.NEVER
    preference.record_consent(False, via="unsubscribe")
    preference.save(update_fields=["email_mode", "consent_on", "consent_text"])


def unsubscribe_token(preference):
    return signing.dumps(
        [preference.user_id, preference.unsubscribe_token], salt=UNSUBSCRIBE_SALT
    )


def preference_for_token(token):
    """The preference an unsubscribe link names, or None if the link is not valid
    (tampered with, or the member reset their links)."""
    try:
        user_id, secret = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return NotificationPreference.objects.filter(
        user_id=user_id, unsubscribe_token=secret
    ).first()


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(user, subject, template, context):
    preference = preference_of(user)
    with in_language_of(user):
        context = {
            **context,
            "user": user,
            "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            "unsubscribe_url": _absolute(
                reverse("network:unsubscribe", args=[unsubscribe_token(preference)])
            ),
            "preferences_url": _absolute(reverse("network:preferences")),
        }
        for notification in context.get("notifications", []):
            notification.text = describe(notification)
            notification.url = _absolute(notification.get_absolute_url())
        body = render_to_string(template, context)
        subject = str(subject() if callable(subject) else subject)
    send_to(user.email, subject, body)


def email_one(notification):
    """Send the e-mail of one notification (once; only with consent)."""
    user = notification.recipient
    preference = preference_of(user)
    if (
        notification.emailed_on is not None
        or not user.email
        or not user.is_active
        or preference.consent_on is None
        or preference.email_mode != NotificationPreference.EmailMode.EACH
        or not preference.wants(notification.kind)
    ):
        return False
    claimed = Notification.objects.filter(
        pk=notification.pk, emailed_on__isnull=True
    ).update(emailed_on=timezone.now())
    if not claimed:
        return False
    _send(
        user,
        lambda: _("Dela: %(what)s") % {"what": describe(notification)},
        "network/email/notification.txt",
        {"notifications": [notification]},
    )
    return True


def send_digests(mode, now=None):
    """Send each member who chose `mode` (daily/weekly) one e-mail listing their
    notifications not yet e-mailed. Returns how many e-mails were sent."""
    now = now or timezone.now()
    sent = 0
    preferences = NotificationPreference.objects.filter(
        email_mode=mode, consent_on__isnull=False, user__is_active=True
    ).select_related("user")
    for preference in preferences:
        pending = list(
            Notification.objects.filter(
                recipient=preference.user, emailed_on__isnull=True, read_on__isnull=True
            )
            .current()
            .select_related("actor", "thread", "group", "post")
            .order_by("created_on")[:50]
        )
        pending = [n for n in pending if preference.wants(n.kind)]
        if not pending or not preference.user.email:
            continue
        count = len(pending)
        claimed = Notification.objects.filter(
            pk__in=[n.pk for n in pending], emailed_on__isnull=True
        ).update(emailed_on=now)
        if not claimed:
            continue
        _send(
            preference.user,
            lambda count=count: (
                ngettext(
                    "Dela: %(count)d new notification",
                    "Dela: %(count)d new notifications",
                    count,
                )
                % {"count": count}
            ),
            "network/email/digest.txt",
            {"notifications": pending, "mode": mode},
        )
        NotificationPreference.objects.filter(pk=preference.pk).update(
            last_digest_on=now
        )
        sent += 1
    return sent
