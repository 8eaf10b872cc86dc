from django.utils.functional import SimpleLazyObject

from .permissions import UserPermissions
from .roles import roles_of


def roles(request):
    """`dela_roles` (set of Role) and `dela_perms` for templates, evaluated lazily."""
    user = request.user
    return {
        "dela_roles": SimpleLazyObject(lambda: roles_of(user)),
        "dela_perms": UserPermissions(user),
    }
