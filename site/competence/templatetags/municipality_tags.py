"""`{% municipality_link m %}`: a municipality's name as a link to its page, for
every place a name is shown (cards, profiles, story and event pages, the
directory). Nothing for None; no query (the address is made from the slug)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def municipality_link(municipality):
    if municipality is None or not getattr(municipality, "slug", ""):
        return str(municipality or "")
    return format_html(
        '<a href="{}">{}</a>', municipality.get_absolute_url(), municipality.name
    )
