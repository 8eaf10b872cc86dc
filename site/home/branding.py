"""The installation's primary colour: checked for WCAG AA contrast, and its hover
shade. WCAG 2.1's relative luminance and contrast ratio (success criterion 1.4.3)."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

DEFAULT_PRIMARY_COLOUR = "#0b5563"
# WCAG 2.1 AA for normal text: white text on the colour (buttons) and the colour as
# text on white (links) are the same pair, so one ratio decides both.
AA_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(value):
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(colour):
    """The contrast ratio of `colour` (#rrggbb) with white, from 1 to 21."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def validate_primary_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, such as #0b5563."),
            code="invalid",
        )
    ratio = contrast_with_white(value)
    if ratio < AA_CONTRAST:
        raise ValidationError(
            _(
                "%(colour)s has a contrast of %(ratio)s:1 with white; WCAG AA needs at"
                " least 4.5:1 for text. Choose a darker colour."
            ),
            code="contrast",
            # 1.5 in English, 1,5 in Swedish: the editor's own decimal mark
            params={"colour": value, "ratio": number_format(ratio, 1)},
        )


def darker(colour, amount=0.3):
    """`colour` mixed with black by `amount`: darker still contrasts with white."""
    if not HEX_COLOUR.match(colour or ""):
        colour = DEFAULT_PRIMARY_COLOUR
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in channels)


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
    from django.core.cache import cache

    site_id = getattr(site, "pk", None)
    brands = cache.get(CACHE_KEY) or {}
    if site_id not in brands:
        brands[site_id] = _read_brand(site)
        cache.set(CACHE_KEY, brands, CACHE_SECONDS)
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

    cache.delete(CACHE_KEY)
    # and once committed, in case a page read the old settings in between
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


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
