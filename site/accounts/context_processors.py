from django.utils.functional import SimpleLazyObject

from dela.permissions import BoundPermissions

from .permissions import permissions
from .roles import roles_of


def roles(request):
    """`dela_roles` (set of Role) and `dela_perms` for templates, evaluated lazily."""
    user = request.user
    return {
        "dela_roles": SimpleLazyObject(lambda: roles_of(user)),
        "dela_perms": BoundPermissions(permissions, user),
    }
