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
catalogue's mixed cards) prefetches `card_image` instead of `image`: the picture each
card shows, its own or its type's fallback, in the same two queries (images,
renditions), plus one for a type's fallbacks only when a card needs them.
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


def _fallback_image_ids(pages):
    """{page pk: image id} of the fallback pictures of pages without their own, one
    query per type that has fallbacks (`card_picture_images`) and such pages."""
    from django.contrib.contenttypes.models import ContentType

    waiting = {}
    for page in pages:
        if not page.image_id:
            waiting.setdefault(page.content_type_id, []).append(page.pk)
    found = {}
    for content_type_id, pks in waiting.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        paths = getattr(model, "card_picture_images", ())
        if not paths:
            continue
        for pk, *ids in model.objects.filter(pk__in=pks).values_list("pk", *paths):
            found[pk] = next((image_id for image_id in ids if image_id), None)
    return found


class CardImage:
    """`prefetch_related("card_image")` (through `picture_prefetch("card_image")`): the
    image each page's card shows, its own or its type's fallback, fetched for all
    pages of a listing at once even when they are base-table rows of several types.
    Read through `PicturedPage.card_picture`."""

    cache_name = "_card_image"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.__dict__.get(self.cache_name)

    def is_cached(self, instance):
        return self.cache_name in instance.__dict__

    def get_prefetch_querysets(self, instances, querysets=None):
        """Django's prefetch protocol (as GenericForeignKey's): the images, how to
        match them to the pages, one each, stored on the page as `cache_name`."""
        images = querysets[0] if querysets else get_image_model().objects.all()
        fallbacks = _fallback_image_ids(instances)
        shown = {page.pk: page.image_id or fallbacks.get(page.pk) for page in instances}
        return (
            images.filter(pk__in={pk for pk in shown.values() if pk}),
            lambda image: image.pk,
            lambda page: shown[page.pk],
            True,
            self.cache_name,
            True,
        )


class FallbackPicture:
    """A picture a card shows for a page without its own (`{% page_picture %}` takes
    it): decorative, as the card's title beside it names the page."""

    picture_alt = ""

    def __init__(self, image):
        self.image = image
        self.image_id = image.pk


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
    # a base table to prefetch (CardImage); () when it falls back to none.
    card_picture_images = ()
    card_image = CardImage()

    @property
    def card_picture(self):
        """What this page's card shows (for `{% page_picture %}`): the page itself
        when it has a picture, else its type's fallback, or None. With `card_image`
        prefetched (mixed listings of a base table) it costs no query; without, a
        page's own picture is read as always and the fallback from its type."""
        if CardImage.cache_name in self.__dict__:
            image = self.__dict__[CardImage.cache_name]
            if image is None:
                return None
            if image.pk != self.image_id:
                return FallbackPicture(image)
            self._meta.get_field("image").set_cached_value(self, image)
            return self
        if self.image_id:
            return self
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
