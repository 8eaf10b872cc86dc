"""Every member has a network profile from the moment their account exists, so read
pages never have to create one. A post's image file goes when its row goes. When an
account goes (erasure, or an administrator deleting it), what the network keeps about
the person goes with it, whichever path deleted it."""

from django.db import IntegrityError, transaction


def create_profile(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from .models import Profile
    from .services import unique_handle

    try:
        with transaction.atomic():
            Profile.objects.get_or_create(
                user=instance, defaults={"handle": unique_handle(instance)}
            )
    except IntegrityError:  # the same handle taken at the same moment: try once more
        Profile.objects.get_or_create(
            user=instance, defaults={"handle": f"member-{instance.pk}"}
        )


def delete_image_file(sender, instance, **kwargs):
    """Delete the stored file once the deletion of its row is committed."""
    name = instance.image.name
    if name:
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: default_storage.delete(name))


def forget_person(sender, instance, **kwargs):
    """Before an account row is deleted: the earlier versions of the person's posts
    (they may hold what was taken out) are deleted, and the moderation log keeps its
    actions about the person but no longer names them."""
    from .models import ModerationAction, PostRevision

    PostRevision.objects.filter(post__author=instance).delete()
    name = instance.public_name
    ModerationAction.objects.filter(target_user=instance, summary=name).update(
        summary=""
    )
