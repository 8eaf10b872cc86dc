"""The installation's branding and each page's description for search engines and
shared links (<meta name="description">, Open Graph, Twitter card)."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from home.branding import SOCIAL_SPEC, brand_for
from home.site_address import absolute

register = template.Library()

# Open Graph names locales language_TERRITORY.
OG_LOCALES = {"sv": "sv_SE", "nb": "nb_NO", "nn": "nn_NO", "da": "da_DK", "en": "en_GB"}


def _site(request):
    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def branding(context):
    """The site's name, colours, logo and icons (home.branding.brand_for)."""
    return brand_for(_site(context.get("request")))


def _description(page, brand):
    for attribute in ("search_description", "summary", "lead", "intro"):
        text = getattr(page, attribute, "") or ""
        if isinstance(text, str) and text.strip():
            return " ".join(text.split())[:300]
    return brand["description"]


def _page_image(page):
    """The page's own picture: a story's, entry's, video's or event's image, or the
    home page's hero, with its alternative text."""
    # dela.pictures.PicturedPage (its alt text, or "" when decorative), the hero
    for field, alt_field in (
        ("image", "picture_alt"),
        ("hero_image", "hero_image_alt"),
    ):
        image = getattr(page, field, None)
        if image is not None and hasattr(image, "get_rendition"):
            alt = getattr(page, alt_field, "") or ""
            return image, alt
    return None, ""


@register.simple_tag(takes_context=True)
def page_meta(context):
    """What a page says about itself to search engines and to sites it is shared on:
    title, description, canonical address, picture (a 1200×630 rendition) and locale.
    Pages without a Wagtail page (the network, search) use the site's description and
    social image."""
    request = context.get("request")
    page = context.get("page")
    brand = brand_for(_site(request))
    language = get_language() or "sv"
    meta = {
        "site_name": brand["site_name"],
        "title": "",
        "description": brand["description"],
        # The one public address (BASE_URL), whatever host the request came on.
        "url": absolute(request.path) if request else "",
        "image": brand["social_image"],
        "image_alt": brand["social_image_alt"],
        "locale": OG_LOCALES.get(language, language),
        "type": "website",
    }
    if page is not None and hasattr(page, "get_full_url"):
        meta["title"] = getattr(page, "seo_title", "") or page.title
        meta["description"] = _description(page, brand)
        meta["url"] = page.get_full_url(request) or meta["url"]
        if getattr(page, "catalogue_type", ""):
            meta["type"] = "article"
        image, alt = _page_image(page)
        if image is not None:
            try:
                rendition = image.get_rendition(SOCIAL_SPEC)
                meta["image"] = {
                    "url": rendition.full_url,
                    "width": rendition.width,
                    "height": rendition.height,
                }
                meta["image_alt"] = alt
            except Exception:  # a broken file costs the picture, not the page
                pass
    return meta
