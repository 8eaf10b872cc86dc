"""A new session key when someone's roles change, as at login: a session id learnt
before someone became an editor (or an admin) is worth nothing after it."""

SESSION_KEY = "dela_roles_version"


class RotateSessionOnRoleChange:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            seen = request.session.get(SESSION_KEY)
            if seen is not None and seen != user.roles_version:
                request.session.cycle_key()
            if seen != user.roles_version:
                request.session[SESSION_KEY] = user.roles_version
        return self.get_response(request)
