"""Who may do what with competence data: the one place views and templates ask.

A self-assessment is the person's own: nobody else (not an editor, not the
administrator) opens it; the programme view (when there is one) shows aggregates only.
"""

from accounts.roles import Role, has_role


def _signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


class CompetencePermissionHandler:
    """`can_<verb>(user, obj=None)`: True when the user may do it."""

    def can_assess(self, user):
        """Every signed-in, active member rates themself (suspension from the network
        stops writing for others to read, not this private tool)."""
        return _signed_in(user)

    def can_view_assessment(self, user, assessment):
        """Only the person it belongs to."""
        return (
            _signed_in(user)
            and assessment is not None
            and assessment.user_id == user.pk
        )

    def can_follow_path(self, user, path):
        """Signed-in members follow a published path anyone may read."""
        return (
            _signed_in(user)
            and path is not None
            and path.live
            and not path.get_view_restrictions().exists()
        )

    def can_see_programme(self, user):
        """The programme view (aggregates only): editors and the administrator."""
        return _signed_in(user) and has_role(user, Role.EDITOR)


permissions = CompetencePermissionHandler()
