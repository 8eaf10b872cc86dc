from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from . import signals  # noqa: F401  (connects the allauth receivers)
        from .roles import sync_role_groups

        post_migrate.connect(
            sync_role_groups, sender=self, dispatch_uid="dela-sync-roles"
        )
