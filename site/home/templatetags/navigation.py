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
        # Each entry's address too: the menu then costs no page URL work (nor
        # Wagtail's site-root read) a page. A label may be a lazy translation,
        # kept as such and said in the reader's language.
        items = page_cache.remember(
            f"main-menu-links:{site.pk}",
            lambda: [
                {
                    "url": page.get_url(request),
                    "label": getattr(page, "menu_label", "") or page.title,
                    "url_path": page.url_path,
                }
                for page in site.root_page.get_children()
                .live()
                .in_menu()
                .specific(defer=True)
            ],
        )
    current = getattr(context.get("page"), "url_path", "")
    return {
        "items": [(item, current.startswith(item["url_path"])) for item in items],
        "request": request,
    }
