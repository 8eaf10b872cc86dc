"""The picture of a page: one Wagtail image, its alternative text or a decorative mark.

Case stories, catalogue entries, videos (through `taxonomy.ClassifiedPage`) and events
show a picture on their cards and at the top of their pages. The image is a foreign
key, not a block in the body, so a listing prefetches every card's image and its
renditions in two queries (`picture_prefetch()`), whatever the number of cards.

The alternative text belongs to the page, not to the image: the same photo may say
different things on different pages. It is required unless the editor marks the
picture as decorative (then it is rendered with alt=""); an image's description in
the image library is used when the page leaves it empty.

What a card shows has one rule, `PicturedPage.card_picture`: the page's own picture,
else what its type falls back to (`fallback_picture`: a video page's poster). A
listing of pages of several types fetched through their shared base table (the
catalogue's mixed cards) gets each type's fallback in a fixed number of queries with
`card_picture_prefetches()`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model, get_image_model_string

# The renditions the templates ask for (templates/includes/picture.html): each width
# in AVIF, WebP and JPEG, so `{% picture %}` writes <source> elements the browser
# chooses from. AVIF and WebP only where Pillow can write them (dela.settings).
CARD_WIDTHS = (400, 800)
PAGE_WIDTHS = (800, 1200)
FORMATS = ("avif", "webp", "jpeg")


def rendition_specs(widths, formats=FORMATS):
    """The filter specs `{% picture %}` expands `fill-…|format-{…}` into, for
    prefetching and for making renditions ahead of time."""
    return [f"width-{width}|format-{fmt}" for fmt in formats for width in widths]


def available_formats():
    """The formats of FORMATS this Pillow can write, best first."""
    from PIL import features

    return tuple(fmt for fmt in FORMATS if fmt == "jpeg" or features.check(fmt))


def picture_prefetch(lookup="image", widths=CARD_WIDTHS):
    """A Prefetch of the pages' images with the renditions cards use: two queries for
    a whole listing (images, renditions), none per card."""
    return Prefetch(
        lookup,
        queryset=get_image_model().objects.prefetch_renditions(
            *rendition_specs(widths, available_formats())
        ),
    )


def card_picture_prefetches(base_model):
    """Prefetch lookups giving pages of `base_model` fetched without `.specific()`
    what their type's `fallback_picture` shows: for each direct subclass that names
    the images it falls back to (`card_picture_images`), its rows of the pages
    without a picture of their own (one query per such type, with the relations on
    the way selected), then those images with their card renditions (two queries).
    `PicturedPage.card_picture` finds the prefetched row."""
    lookups = []
    for relation in base_model._meta.related_objects:
        model = relation.related_model
        images = getattr(model, "card_picture_images", ())
        if not (relation.one_to_one and relation.parent_link and images):
            continue
        accessor = relation.get_accessor_name()
        on_the_way = {path.rpartition("__")[0] for path in images if "__" in path}
        lookups.append(
            Prefetch(
                accessor,
                queryset=model.objects.filter(image=None).select_related(*on_the_way),
            )
        )
        lookups += [picture_prefetch(f"{accessor}__{path}") for path in images]
    return lookups


class PicturedPage(models.Model):
    """Abstract fields and rule of a page's picture (see the module docstring)."""

    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("Image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on cards in lists and at the top of the page."),
    )
    image_alt = models.CharField(
        _("Alternative text"),
        max_length=300,
        blank=True,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    image_decorative = models.BooleanField(
        _("Decorative only (no alternative text needed)"), default=False
    )

    picture_panels = [
        MultiFieldPanel(
            [
                FieldPanel("image"),
                FieldPanel("image_alt"),
                FieldPanel("image_decorative"),
            ],
            heading=_("Picture"),
        )
    ]

    class Meta:
        abstract = True

    # Image lookups (from this model) that `fallback_picture` shows, for listings of
    # a base table to prefetch (card_picture_prefetches); () when it falls back to none.
    card_picture_images = ()

    @property
    def card_picture(self):
        """What this page's card shows (for `{% page_picture %}`): the page itself
        when it has a picture, else its type's fallback, or None. A page fetched
        through a base table asks the row of its own type that a listing prefetched
        (card_picture_prefetches); without that prefetch it shows no fallback rather
        than query per card."""
        if self.image_id:
            return self
        for relation in self._meta.related_objects:
            if relation.parent_link and relation.is_cached(self):
                specific = relation.get_cached_value(self)
                if specific is not None:
                    return specific.card_picture
        return self.fallback_picture()

    def fallback_picture(self):
        """The picture a card shows when the page has none of its own (an object
        with `image_id`, `image` and `picture_alt`), or None. Types that have one
        override this and name its images in `card_picture_images`."""
        return None

    @property
    def picture_alt(self):
        """The alt attribute of the picture: empty for a decorative one."""
        return "" if self.image_decorative else self.image_alt

    def clean(self):
        super().clean()
        if self.image_id and not self.image_decorative and not self.image_alt.strip():
            description = getattr(self.image, "description", "").strip()
            if description:
                self.image_alt = description[:300]
            else:
                raise ValidationError(
                    {"image_alt": _("Describe the image, or mark it as decorative.")}
                )
