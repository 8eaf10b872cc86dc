from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The ambassadors' forum: profiles, groups, threads, notifications, moderation."""

    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from django.conf import settings

        from .models import PostImage
        from .signals import create_profile, delete_image_file, forget_person

        post_save.connect(
            create_profile,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="network_create_profile",
        )
        post_delete.connect(
            delete_image_file, sender=PostImage, dispatch_uid="network_image_file"
        )
        pre_delete.connect(
            forget_person,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="network_forget_person",
        )
