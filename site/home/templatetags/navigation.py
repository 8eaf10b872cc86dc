from django import template
from wagtail.models import Site

from dela import page_cache

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's top-level pages marked "show in menus" (one query, then kept)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        # Kept until public content changes (dela.page_cache): no query on most pages.
        items = page_cache.remember(
            f"main-menu:{site.pk}",
            lambda: list(
                site.root_page.get_children().live().in_menu().specific(defer=True)
            ),
        )
    current = getattr(context.get("page"), "url_path", "")
    return {
        "items": [(item, current.startswith(item.url_path)) for item in items],
        "request": request,
    }
