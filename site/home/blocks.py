"""The shared content blocks of every Dela page type (stories, entries, site pages)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Digitaliseringsombud i Halland", "level": "h2"}

    def get_searchable_content(self, value):
        # The heading's words, not its level's label ("Heading 2").
        return [value["text"]]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=300,
        required=False,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    decorative = blocks.BooleanBlock(
        label=_("Decorative only (no alternative text needed)"), required=False
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=300, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Describe the image, or mark it as decorative.")
                    )
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"), max_length=1000)
    attribution = blocks.CharBlock(
        label=_("Attribution"), max_length=200, required=False
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "text": (
                "Det är ett vinnande koncept att bygga ett nätverk av "
                "inspirerande medarbetare."
            ),
            "attribution": "Projektledare, Digga Halland",
        }


class FactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), max_length=40)
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)


class FactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    facts = blocks.ListBlock(FactBlock(), label=_("Facts"), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        template = "blocks/facts_block.html"
        preview_value = {
            "heading": "I siffror",
            "facts": [
                {"figure": "700", "label": "medarbetare och chefer utbildade"},
                {"figure": "6", "label": "kommuner i samarbetet"},
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an external address"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Choose a page or give an address, not both.")
                    )
                }
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(
        label=_("Description"), max_length=200, required=False
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"


SUPERVISION_COUNTRIES = [("SE", _("Sweden")), ("NO", _("Norway")), ("DK", _("Denmark"))]
# The reader's language names the country whose supervisory authority comes first.
_COUNTRY_OF_LANGUAGE = {"sv": "SE", "nb": "NO", "nn": "NO", "da": "DK"}


class SupervisionBlock(blocks.StructBlock):
    """Where to complain about the site's accessibility, by country: Sweden's DIGG,
    Norway's Uu-tilsynet, Denmark's Digitaliseringsstyrelsen. Written in the
    reader's language, the reader's own country first (an accessibility statement
    answers to each country's law)."""

    countries = blocks.MultipleChoiceBlock(
        label=_("Countries"),
        choices=SUPERVISION_COUNTRIES,
        default=[code for code, _label in SUPERVISION_COUNTRIES],
    )

    class Meta:
        icon = "info-circle"
        label = _("Supervision and complaints")
        template = "blocks/supervision_block.html"

    def get_context(self, value, parent_context=None):
        from django.utils.translation import get_language

        context = super().get_context(value, parent_context)
        first = _COUNTRY_OF_LANGUAGE.get((get_language() or "").split("-")[0])
        chosen = [
            code for code, _label in SUPERVISION_COUNTRIES if code in value["countries"]
        ]
        context["countries"] = sorted(chosen, key=lambda code: code != first)
        return context

    def get_searchable_content(self, value):
        # Country codes are not words a reader searches for.
        return []


RICH_TEXT_FEATURES = ["bold", "italic", "h2", "h3", "ol", "ul", "link", "document-link"]


class ContentBlocks(blocks.StreamBlock):
    """The blocks page bodies are made of. Later apps (media) add their own."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    facts = FactsBlock()
    call_to_action = CallToActionBlock()
    document = DocumentBlock()


class StandardPageBlocks(ContentBlocks):
    """A standard page's blocks (about, accessibility statement, privacy): the
    content blocks and the supervisory authorities of an accessibility statement."""

    supervision = SupervisionBlock()
