"""Who may do what with events: the one place views, templates and the admin ask.

Views call `permissions.can_<verb>(user, obj)`; templates get an `event_perms` object
bound to the visitor and the event (see `EventPermissions`).
"""

from accounts.roles import Role, has_role


class EventPermissionHandler:
    """`can_<verb>(user, obj=None)`: True when the user may do it."""

    def can_register(self, user, event=None):
        """A signed-in, active member, for an event that takes registrations now."""
        if not (user.is_authenticated and user.is_active):
            return False
        if not has_role(user, Role.MEMBER):
            return False
        return event is None or event.accepts_registrations()

    def can_cancel_registration(self, user, registration):
        """Members cancel their own place (or waiting-list place) until the start."""
        return (
            registration is not None
            and user.is_authenticated
            and user.is_active
            and registration.user_id == user.pk
            and registration.is_active
            and not registration.event.has_started()
        )

    def can_see_attendees(self, user, event=None):
        """Editors, and the event's contact person, see who has registered."""
        if not (user.is_authenticated and user.is_active):
            return False
        if has_role(user, Role.EDITOR):
            return True
        return event is not None and event.contact_id == user.pk

    def can_see_all_registrations(self, user):
        """The registrations list of every event in the admin: editors only."""
        return user.is_authenticated and user.is_active and has_role(user, Role.EDITOR)


permissions = EventPermissionHandler()


class EventPermissions:
    """The handler bound to one visitor and one event, for templates:
    `{% if event_perms.can_register %}`."""

    def __init__(self, user, event, registration=None):
        self._user = user
        self._event = event
        self._registration = registration

    @property
    def can_register(self):
        return permissions.can_register(self._user, self._event)

    @property
    def can_cancel_registration(self):
        return permissions.can_cancel_registration(self._user, self._registration)

    @property
    def can_see_attendees(self):
        return permissions.can_see_attendees(self._user, self._event)
