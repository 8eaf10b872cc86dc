"""Who may upload, edit, delete and publish library videos: the one place that
decides.

Views, services and templates ask `media_permissions` (templates get it bound to the
user as `media_perms`). Whether someone is an ambassador is the accounts app's
question (`can_submit_content`); editors' rights come from Wagtail's model and page
permissions, so an administrator can change them in the admin.
"""

from accounts.permissions import permissions as account_permissions


def _active(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _library_policy():
    """wagtailmedia's collection permission policy (what the admin itself asks)."""
    from wagtail.permissions import policy_registry
    from wagtailmedia import get_media_model

    return policy_registry.get_by_type(get_media_model())


def _library_may(user, action):
    return _active(user) and _library_policy().user_has_permission(user, action)


def is_public_video(video):
    """Whether a live page anyone may read shows ``video``: one of its video pages,
    or another page (a story's video block) by Wagtail's reference index, which reads
    each page's live content."""
    from dela.public_use import is_publicly_used

    return video.pages.live().public().exists() or is_publicly_used(video)


class MediaPermissionHandler:
    """`can_<verb>(user, obj=None)`: True when the user may do it."""

    def can_upload_video(self, user):
        """Ambassadors (and moderators) upload from the site; editors and admins
        too (they have the library's add permission)."""
        return _active(user) and (
            account_permissions.can_submit_content(user) or _library_may(user, "add")
        )

    def is_library_editor(self, user):
        return _library_may(user, "change")

    def can_see_video_status(self, user, video):
        """The uploader follows their own upload; editors see every one."""
        return _active(user) and (
            video.uploaded_by_user_id == user.pk or self.is_library_editor(user)
        )

    def can_edit_video(self, user, video):
        """Add captions, choose the poster: the uploader while still an
        ambassador, and editors."""
        if self.is_library_editor(user):
            return True
        return (
            _active(user)
            and video.uploaded_by_user_id == user.pk
            and account_permissions.can_submit_content(user)
        )

    def can_delete_video(self, user, video):
        """Editors delete any video no page uses; an uploader deletes their own
        upload until a page shows it."""
        if not _active(user) or video.pages.exists():
            return False
        if _library_may(user, "delete"):
            return True
        return self.can_edit_video(user, video)

    def can_see_video_files(self, user, video):
        """The film, poster, rendition and captions: for anyone once a live page
        that anyone may read shows the video (a video page or a story's video block);
        before that only for the uploader and the library's editors."""
        if is_public_video(video):
            return True
        return self.can_see_video_status(user, video)

    def can_submit_video_page(self, user, video):
        """The uploader sends a ready video to the editors as a page."""
        return self.can_edit_video(user, video) and video.is_ready


media_permissions = MediaPermissionHandler()
