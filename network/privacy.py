"""A member's own data: download all of it, or erase the account.

Erasing removes the person: the account row (and with it profile, photo, reactions,
bookmarks, follows, read marks, notifications, group memberships) is deleted. Their
posts either stay, signed "former member", or are removed as well, as they choose.
"""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import (
    Bookmark,
    Notification,
    Post,
    PostImage,
    Profile,
    Reaction,
    Subscription,
    Thread,
)
from .permissions import network_permissions as perms


def _iso(value):
    return value.isoformat() if value else None


def export_data(user):
    """Everything the network holds about `user`, as JSON-ready data."""
    if not perms.can_manage_own_data(user):
        raise PermissionDenied
    profile = Profile.objects.filter(user=user).first()
    data = {
        "exported_on": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "municipality": str(user.municipality) if user.municipality_id else None,
            "date_joined": _iso(user.date_joined),
        },
        "profile": None,
        "threads": [],
        "posts": [],
        "reactions": [],
        "bookmarks": [],
        "subscriptions": [],
        "notifications": [],
        "groups": [],
    }
    if profile:
        data["profile"] = {
            "handle": profile.handle,
            "title": profile.title,
            "sector": str(profile.sector) if profile.sector_id else None,
            "languages": profile.language_codes,
            "expertise": sorted(profile.expertise.names()),
            "competences": [c.code for c in profile.competences.all()],
            "bio": profile.bio,
            "can_help_with": profile.can_help_with,
            "contact_preference": profile.contact_preference,
            "visibility": profile.visibility,
            "photo": profile.photo.name or None,
        }
    data["threads"] = [
        {"id": t.pk, "title": t.title, "created_on": _iso(t.created_on)}
        for t in Thread.objects.filter(author=user).order_by("pk")
    ]
    data["posts"] = [
        {
            "id": p.pk,
            "thread": p.thread_id,
            "thread_title": p.thread.title,
            "body": p.body,
            "created_on": _iso(p.created_on),
            "edited_on": _iso(p.edited_on),
            "deleted": p.deleted_on is not None,
            "earlier_versions": [r.body for r in p.revisions.all()],
            "images": [
                {
                    "file": i.image.name,
                    "url": i.get_absolute_url(),
                    "alt_text": i.alt_text,
                    "width": i.width,
                    "height": i.height,
                }
                for i in p.images.all()
            ],
        }
        for p in Post.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("revisions", "images")
        .order_by("pk")
    ]
    data["reactions"] = [
        {"post": r.post_id, "kind": r.kind, "created_on": _iso(r.created_on)}
        for r in Reaction.objects.filter(user=user).order_by("pk")
    ]
    data["bookmarks"] = [
        {"post": b.post_id, "created_on": _iso(b.created_on)}
        for b in Bookmark.objects.filter(user=user).order_by("pk")
    ]
    data["subscriptions"] = [
        {
            "kind": s.kind,
            "target": s.thread_id or s.category_id or s.group_id or s.tag_id,
        }
        for s in Subscription.objects.filter(user=user).order_by("pk")
    ]
    data["notifications"] = [
        {
            "kind": n.kind,
            "thread": n.thread_id,
            "post": n.post_id,
            "message": n.message,
            "created_on": _iso(n.created_on),
            "read_on": _iso(n.read_on),
        }
        for n in Notification.objects.filter(recipient=user).order_by("pk")
    ]
    data["groups"] = [
        {"group": m.group.name, "role": m.role, "joined_on": _iso(m.joined_on)}
        for m in user.network_memberships.select_related("group").order_by("pk")
    ]
    preference = getattr(user, "network_notification_preference", None)
    data["notification_preference"] = (
        {
            "email_mode": preference.email_mode,
            "consent_on": _iso(preference.consent_on),
            "consent_text": preference.consent_text,
        }
        if preference
        else None
    )
    return data


def erase_account(user, remove_posts=False):
    """Delete the member's account and personal data. Their posts stay as "former
    member" unless `remove_posts`, when they are removed too with their images (a
    thread they started goes with its first post). Files (the photo, the images) are
    deleted after the commit."""
    if not perms.can_manage_own_data(user):
        raise PermissionDenied
    files = []
    profile = Profile.objects.filter(user=user).first()
    if profile:
        files = [
            name for name in (profile.photo.name, profile.photo_thumbnail.name) if name
        ]
    with transaction.atomic():
        posts = Post.objects.filter(author=user)
        if remove_posts:
            now = timezone.now()
            threads = Thread.objects.filter(author=user)
            threads.update(deleted_on=now)
            posts.update(body="", html="", deleted_on=now, ip_address=None)
            # Their images go too (the files after the commit, see signals.py).
            PostImage.objects.filter(post__author=user).delete()
        else:
            posts.update(ip_address=None)
        # Reactions given are part of the person: their counters go down with them.
        for kind, field in (
            ("like", "likes_count"),
            ("thanks", "thanks_count"),
            ("helpful", "helpful_count"),
        ):
            Post.objects.filter(reactions__user=user, reactions__kind=kind).update(
                **{field: F(field) - 1}
            )
        user.delete()
    for name in files:
        transaction.on_commit(lambda name=name: default_storage.delete(name))
    return True
