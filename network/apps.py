from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The ambassadors' forum: profiles, groups, threads, notifications, moderation."""

    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from django.conf import settings

        from .signals import create_profile

        post_save.connect(
            create_profile,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="network_create_profile",
        )
