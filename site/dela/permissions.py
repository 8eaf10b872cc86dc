"""A permission handler bound to one person, for templates.

Each app decides in its own handler (`can_<verb>(user, obj=None)`); templates cannot
pass the user, so views and context processors hand them the handler bound to the
request's user: `{% if story_perms.can_submit_story %}`."""


class BoundPermissions:
    """`bound.can_x` is the handler's `can_x` for this user: called without an
    object by the template engine, or with one from Python."""

    def __init__(self, handler, user):
        self._handler = handler
        self._user = user

    def __getattr__(self, name):
        if not name.startswith("can_"):
            raise AttributeError(name)
        check = getattr(self._handler, name)
        user = self._user
        return lambda obj=None: check(user) if obj is None else check(user, obj)
