"""Who may share, follow and edit case stories: the one place that decides.

Views and services ask `story_permissions`; templates get the handler bound to the
request's user as `story_perms` (`{% if story_perms.can_submit_story %}`). Whether
someone is an ambassador is the accounts app's question (`can_submit_content`).
"""

from accounts.permissions import permissions as account_permissions
from taxonomy.review import SubmissionStatus, submission_of


class StoryPermissionHandler:
    """`can_<verb>(user, obj=None)`: True when the user may do it."""

    def can_submit_story(self, user):
        """Ambassadors (and moderators, editors with the permission) share stories."""
        return bool(
            getattr(user, "is_authenticated", False)
            and account_permissions.can_submit_content(user)
        )

    def can_see_drafts(self, user):
        """Everyone signed in has a drafts area, empty or not (a former ambassador
        still sees what they submitted)."""
        return bool(getattr(user, "is_authenticated", False) and user.is_active)

    def can_edit_submission(self, user, story):
        """Authors edit their own submission while an editor asks for changes, and
        only then: in review it is the editors' turn, published stories are edited
        by editors, rejected ones are closed."""
        return (
            self.can_submit_story(user)
            and story.owner_id == user.pk
            and submission_of(story).status == SubmissionStatus.CHANGES_REQUESTED
        )


story_permissions = StoryPermissionHandler()
