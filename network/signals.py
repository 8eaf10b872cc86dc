"""Every member has a network profile from the moment their account exists, so read
pages never have to create one."""

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
