from django import template

from network.permissions import network_permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_photo(context, profile, kind="thumb"):
    """The address of a profile's photo ("photo") or thumbnail ("thumb") for the
    reader of the page, or "" when there is none or the reader may not see it."""
    if not profile:
        return ""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not network_permissions.can_view_profile(user, profile):
        return ""
    return profile.photo_url(kind)
