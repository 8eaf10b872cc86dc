"""The competence permission handler in templates (as django-machina's
forum_permission_tags): `{% load competence_permissions %}` then
`{% if request.user|can_propose_path %}`."""

from django import template

from ..permissions import permissions

register = template.Library()


@register.filter
def can_propose_path(user):
    return permissions.can_propose_path(user)
