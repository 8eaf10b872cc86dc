"""Template helpers for catalogue items, usable by any app's templates that show
classified pages (`{% load catalogue_tags %}`)."""

from django import template

from catalogue.listing import type_label

register = template.Library()


@register.filter
def catalogue_type_label(page):
    """The page's type as visitors read it ("Practice", "Case story"), without
    fetching the specific page."""
    return type_label(page)


@register.simple_tag(takes_context=True)
def catalogue_url(context):
    """The catalogue's address (one query per request, then remembered)."""
    from catalogue.models import CatalogueIndexPage

    request = context.get("request")
    cached = getattr(request, "_dela_catalogue_url", None)
    if cached is not None:
        return cached
    index = CatalogueIndexPage.objects.live().first()
    url = index.get_url(request) if index else ""
    if request is not None:
        request._dela_catalogue_url = url
    return url
