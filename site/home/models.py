"""The home page, plain site pages (about, accessibility statement, privacy) and the
installation's branding."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentBlocks, StandardPageBlocks
from .colours import DEFAULT_PRIMARY_COLOUR, darker, validate_primary_colour


class SectionBlock(blocks.StructBlock):
    """A door from the home page into one part of Dela."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), max_length=300)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    path = blocks.RegexBlock(
        label=_("Or a path on this site"),
        regex=r"^/[\w\-/]*$",
        required=False,
        help_text=_("For parts that are not pages, such as /network/ or /search/."),
        error_messages={
            "invalid": _("Start the path with / and use only letters, digits, - and /.")
        },
    )

    class Meta:
        icon = "link"
        template = "blocks/section_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("path")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "path": ValidationError(
                        _("Choose a page or give a path, not both.")
                    )
                }
            )
        return value


class HomePage(Page):
    """The front door: what Dela is, and the ways into stories, videos, the catalogue,
    the network, events and search.

    Editors curate the hero (picture, sentence) and the featured video; the latest
    stories, upcoming events, the week's active threads and the network's numbers come
    by themselves (home/highlights.py), each cached until something they show changes.
    """

    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_("The sentence under the title, beside the search box."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=300,
        blank=True,
        help_text=_("Describe what the picture shows for people who cannot see it."),
    )
    featured_video = models.ForeignKey(
        "dela_media.VideoPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("featured video"),
        help_text=_("Shown on the home page while it is published."),
    )
    sections = StreamField(
        [("section", SectionBlock())], verbose_name=_("sections"), blank=True
    )
    body = StreamField(ContentBlocks(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("lead"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("featured_video"),
        FieldPanel("sections"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {
                    "hero_image_alt": _(
                        "Describe the hero image: people who cannot see it are told"
                        " what it shows."
                    )
                }
            )

    @property
    def hero(self):
        """The hero picture in the shape `{% page_picture %}` draws (dela.pictures)."""
        from types import SimpleNamespace

        return SimpleNamespace(
            image_id=self.hero_image_id,
            image=self.hero_image,
            picture_alt=self.hero_image_alt,
        )

    def get_context(self, request, *args, **kwargs):
        from .highlights import home_highlights

        context = super().get_context(request, *args, **kwargs)
        context["highlights"] = home_highlights(self)
        return context


class StandardPage(Page):
    """A plain page of text: about Dela, the accessibility statement, privacy."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(StandardPageBlocks(), verbose_name=_("body"))
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "Shown on the page; the accessibility statement must say when it was made."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """What the footer of every page links to."""

    accessibility_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement"),
    )
    privacy_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy page"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [
        FieldPanel("accessibility_page"),
        FieldPanel("privacy_page"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("footer")


@register_setting(icon="image")
class BrandingSettings(BaseSiteSetting):
    """The installation's own name, logo, colour and pictures: a municipality network
    runs Dela under its own brand. Used by every page's head and header and by the web
    manifest."""

    site_name = models.CharField(
        _("site name"),
        max_length=60,
        default="Dela",
        help_text=_("In the header, the browser tab and the web manifest."),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the site is, in one sentence: for search engines and shared links"
            " of pages that have no description of their own."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Shown before the site name in the header."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOUR,
        validators=[validate_primary_colour],
        help_text=_(
            "A colour as #RRGGBB, for links and buttons. It must be dark enough for"
            " white text on it and for text on white (WCAG AA, 4.5:1)."
        ),
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("favicon"),
        help_text=_("A square picture, shown in browser tabs and on home screens."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("social image"),
        help_text=_(
            "Shown when a page without a picture of its own is shared (1200×630)."
        ),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("primary_colour"),
        FieldPanel("favicon"),
        FieldPanel("social_image"),
    ]

    select_related = ["logo", "favicon", "social_image"]

    class Meta:
        verbose_name = _("branding")

    def save(self, *args, **kwargs):
        self.primary_colour = self.primary_colour.lower()
        return super().save(*args, **kwargs)

    @property
    def primary_colour_dark(self):
        """The hover shade of the primary colour."""
        return darker(self.primary_colour)
