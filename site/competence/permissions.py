"""Who may do what with competence data: the one place views and templates ask.

A self-assessment is the person's own: nobody else (not an editor, not the
administrator) opens it; the programme view (when there is one) shows aggregates only.
"""

from django.db.models import Q

from accounts.permissions import permissions as account_permissions
from accounts.roles import Role, has_role
from taxonomy.review import SubmissionStatus, submission_of

from .models import ProgrammeLead


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

    def can_propose_path(self, user):
        """Ambassadors (and whoever else may submit content: moderators, editors)
        propose learning paths from the site; the editors review them."""
        return _signed_in(user) and account_permissions.can_submit_content(user)

    def can_see_proposals(self, user):
        """Everyone signed in has a proposals page, empty or not (a former
        ambassador still sees what they proposed)."""
        return _signed_in(user)

    def can_edit_proposal(self, user, path):
        """The author edits their own proposal while it is a draft or an editor
        asks for changes: in review it is the editors' turn, a published path is
        edited by editors in the admin, a rejected one is closed."""
        return (
            self.can_propose_path(user)
            and path is not None
            and path.owner_id == user.pk
            and submission_of(path).status
            in (SubmissionStatus.DRAFT, SubmissionStatus.CHANGES_REQUESTED)
        )

    def can_see_programme(self, user, scope=None):
        """The programme view (aggregates only): editors and the administrator for
        every place; a programme lead for the places they lead (a region's lead
        for its municipalities too). Without `scope`: whether they may open the
        view at all."""
        if not _signed_in(user):
            return False
        if has_role(user, Role.EDITOR):
            return True
        if not has_role(user, Role.PROGRAMME_LEAD):
            return False
        return scope is None or ProgrammeLead.objects.leads(user, scope)

    def programme_places(self, user):
        """The places whose programme view `user` may choose between, as
        (regions, municipalities) querysets; None for every place (editors)."""
        from taxonomy.models import Municipality, Region

        if has_role(user, Role.EDITOR):
            return None
        mine = ProgrammeLead.objects.of(user)
        regions = Region.objects.filter(pk__in=mine.values("region"))
        municipalities = Municipality.objects.filter(
            Q(pk__in=mine.values("municipality")) | Q(region__in=regions)
        )
        return regions, municipalities


permissions = CompetencePermissionHandler()
