"""`{% page_picture page %}`: a page's picture (dela.pictures) as Wagtail's <picture>.

Wagtail's own `{% picture %}` tag takes its formats as literal words in the template;
this tag asks Pillow which of AVIF/WebP it can write (dela.pictures.available_formats)
and hands the renditions to Wagtail's `Picture`, which writes the <source> elements,
`srcset` and `sizes`. Renditions prefetched with `dela.pictures.picture_prefetch()`
cost no query.
"""

from django import template
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from dela.pictures import (
    CARD_WIDTHS,
    PAGE_WIDTHS,
    available_formats,
    rendition_specs,
)

register = template.Library()

# How wide a card's or a page's picture is drawn, for the browser's choice of file:
# cards sit in a grid of columns at least 15rem wide in a 72rem page; a page's picture
# spans its text column (70ch) or the phone's width.
SIZES = {
    "card": "(min-width: 72rem) 23rem, (min-width: 34rem) 45vw, 100vw",
    "page": "(min-width: 48rem) 44rem, 100vw",
}
WIDTHS = {"card": CARD_WIDTHS, "page": PAGE_WIDTHS}


@register.simple_tag
def page_picture(page, kind="card", css_class="", lazy=True):
    """The picture of `page` (a dela.pictures.PicturedPage), or "" without one.
    `kind`: "card" or "page"; `lazy`: False for a picture at the top of the page."""
    if page is None or not getattr(page, "image_id", None):
        return ""
    renditions = get_renditions_or_not_found(
        page.image, rendition_specs(WIDTHS[kind], available_formats())
    )
    # An image narrower than the widest rendition gives the same width twice (Wagtail
    # does not enlarge): srcset must not list a width twice.
    seen = set()
    for spec, rendition in list(renditions.items()):
        if (rendition.width, spec.rsplit("-", 1)[-1]) in seen:
            del renditions[spec]
        seen.add((rendition.width, spec.rsplit("-", 1)[-1]))
    attrs = {"alt": page.picture_alt, "sizes": SIZES[kind], "decoding": "async"}
    if css_class:
        attrs["class"] = css_class
    if lazy:
        attrs["loading"] = "lazy"
    else:
        attrs["fetchpriority"] = "high"
    return Picture(renditions, attrs).__html__()
