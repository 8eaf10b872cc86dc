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

from dela import page_cache

from .models import Post, PostImage, Profile, Thread
from .permissions import network_permissions as perms


def export_data(user):
    """Everything Dela holds about `user`: every app's sections (the network's are in
    network/personal_data.py), as JSON-ready data."""
    if not perms.can_manage_own_data(user):
        raise PermissionDenied
    from accounts.personal_data import export

    return export(user)


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
            # Bulk updates send no signal: tell the owner of what public pages
            # keep (the home page's active threads, kept pages), now and on commit.
            page_cache.content_changed(page_cache.NETWORK)
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
