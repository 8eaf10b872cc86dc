"""The home page and plain site pages (about, accessibility statement, privacy)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentBlocks, StandardPageBlocks


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
    the network, events and search."""

    lead = models.TextField(_("lead"), max_length=600)
    sections = StreamField(
        [("section", SectionBlock())], verbose_name=_("sections"), blank=True
    )
    body = StreamField(ContentBlocks(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("sections"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


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
