from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site pages")

    def ready(self):
        from . import branding, highlights
        from .site_address import sync_default_site

        # The home page's cached blocks are forgotten when what they show changes.
        highlights.connect()
        # Every page's branding is read from the cache until the settings change.
        branding.connect()

        # The default Site follows BASE_URL (home/site_address.py).
        post_migrate.connect(
            lambda **kwargs: sync_default_site(),
            sender=self,
            dispatch_uid="dela-sync-default-site",
            weak=False,
        )
