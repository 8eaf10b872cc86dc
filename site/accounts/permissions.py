"""The one place that decides who may do what on Dela's own pages.

Views ask the `permissions` handler, templates use `dela_perms` (see
context_processors.py): both ask this handler, never a role inline.
"""

from django.utils.translation import gettext_lazy as _

from .models import AmbassadorRequest
from .roles import Role, has_role


class PermissionHandler:
    """`can_<verb>(user, obj=None)`: True when the user may do it."""

    def can_access_admin(self, user):
        return user.is_active and user.has_perm("wagtailadmin.access_admin")

    def can_edit_profile(self, user):
        return user.is_authenticated and user.is_active

    def can_request_ambassador_status(self, user):
        return (
            self.can_edit_profile(user)
            and self.ambassador_request_refusal(user) is None
        )

    def ambassador_request_refusal(self, user):
        """Why a signed-in member may not ask to become an ambassador, or None."""
        if has_role(user, Role.AMBASSADOR):
            return _("You are already an ambassador.")
        if AmbassadorRequest.objects.pending().filter(user=user).exists():
            return _("You have already asked; an editor will answer your request soon.")
        return None

    def can_decide_ambassador_requests(self, user):
        return user.is_active and user.has_perm("accounts.change_ambassadorrequest")

    def can_submit_content(self, user):
        return user.is_active and user.has_perm("accounts.submit_content")

    def can_start_threads(self, user):
        return user.is_active and user.has_perm("accounts.start_threads")

    def can_moderate_network(self, user):
        return user.is_active and user.has_perm("accounts.moderate_network")


permissions = PermissionHandler()
