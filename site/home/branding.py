"""The installation's branding as every page uses it: read from the settings
(models.BrandingSettings) once, kept in the cache, forgotten when they change. The
colour rules are in colours.py (re-exported here: an old migration names
`home.branding.validate_primary_colour`)."""

from .colours import (  # noqa: F401
    DEFAULT_PRIMARY_COLOUR,
    HEX_COLOUR,
    contrast_with_white,
    darker,
    validate_primary_colour,
)

# --- The branding every page uses, kept in the cache ----------------------------------

CACHE_SECONDS = 60 * 60
FAVICON_SPEC = "fill-32x32|format-png"
TOUCH_ICON_SPEC = "fill-180x180|format-png"
MANIFEST_ICON_SPECS = {
    "192x192": "fill-192x192|format-png",
    "512x512": "fill-512x512|format-png",
}
LOGO_SPEC = "height-96|format-png"
SOCIAL_SPEC = "fill-1200x630|format-jpeg"


# One cache entry holds every site's branding, so one delete forgets them all.
CACHE_KEY = "dela-branding"


def brand_for(site):
    """The site's branding as plain values (names, colours, rendition URLs), from the
    cache: pages read it without a query once it is there; saving the settings
    forgets it (forget_brand)."""
    from django.core.cache import DEFAULT_CACHE_ALIAS, cache

    from dela import page_cache

    site_id = getattr(site, "pk", None)
    # Read with the page cache's generation in the request's one round trip (when
    # both live in the same cache), and once a request.
    if page_cache.same_cache(DEFAULT_CACHE_ALIAS):
        page_cache.read_on_every_page(CACHE_KEY)
        brands = page_cache.request_value(CACHE_KEY) or {}
    else:
        brands = cache.get(CACHE_KEY) or {}
    if site_id not in brands:
        brands = {**brands, site_id: _read_brand(site)}
        cache.set(CACHE_KEY, brands, CACHE_SECONDS)
        page_cache.request_changed(CACHE_KEY)
    return brands[site_id]


def _rendition_urls(image, specs):
    if image is None:
        return {}
    try:
        renditions = image.get_renditions(*specs.values())
    except Exception:  # a missing or broken file must not break every page
        import logging

        logging.getLogger(__name__).exception("Branding: no rendition of %s", image)
        return {}
    return {
        name: {
            "url": renditions[spec].full_url,
            "width": renditions[spec].width,
            "height": renditions[spec].height,
        }
        for name, spec in specs.items()
    }


def _read_brand(site):
    from django.conf import settings as django_settings

    from .models import BrandingSettings

    if site is None:
        values = BrandingSettings()
    else:
        values = BrandingSettings.for_site(site)
    colour = values.primary_colour
    if not HEX_COLOUR.match(colour or ""):
        colour = DEFAULT_PRIMARY_COLOUR
    icons = _rendition_urls(
        values.favicon,
        {"favicon": FAVICON_SPEC, "touch": TOUCH_ICON_SPEC, **MANIFEST_ICON_SPECS},
    )
    return {
        "site_name": values.site_name or django_settings.WAGTAIL_SITE_NAME,
        "description": values.description,
        "primary_colour": colour,
        "primary_colour_dark": darker(colour),
        "logo": _rendition_urls(values.logo, {"logo": LOGO_SPEC}).get("logo"),
        "icons": icons,
        "social_image": _rendition_urls(
            values.social_image, {"image": SOCIAL_SPEC}
        ).get("image"),
        "social_image_alt": (
            (values.social_image.description or values.social_image.title)
            if values.social_image
            else ""
        ),
    }


def forget_brand(sender=None, **kwargs):
    """The settings or an image they may use changed: read them again."""
    from django.core.cache import cache
    from django.db import transaction

    from dela import page_cache

    def forget():
        cache.delete(CACHE_KEY)
        page_cache.request_changed(CACHE_KEY)

    forget()
    # and once committed, in case a page read the old settings in between
    transaction.on_commit(forget)


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model

    from .models import BrandingSettings

    for signal in (post_save, post_delete):
        for model in (BrandingSettings, get_image_model()):
            signal.connect(
                forget_brand,
                sender=model,
                dispatch_uid=f"home_brand_{model._meta.label}_{signal is post_save}",
            )
