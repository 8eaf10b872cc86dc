"""Text rules every app shares: the one Nordic slug, and plain text to and from the
HTML of Wagtail's rich text (the site's forms and the catalogue's files are plain
text; the pages store rich text)."""

import re
from html import escape
from html.parser import HTMLParser

from django.utils.text import slugify
from wagtail.coreutils import cautious_slugify

# Letters that Unicode does not decompose into an ASCII letter and a mark, written as
# a Nordic reader would spell them without the letter.
NORDIC_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ð": "d", "þ": "th"})


def nordic_slug(text, max_length=80, fallback=""):
    """A readable ASCII slug: "Äldreomsorg" → "aldreomsorg", "Digitale ambassadørar"
    → "digitale-ambassadorar", "Ærø" → "aero". Other letters without an ASCII form are
    kept as codes (Wagtail's cautious_slugify), not dropped. ``fallback`` when nothing
    is left."""
    text = (text or "").lower().translate(NORDIC_LETTERS)
    return slugify(cautious_slugify(text))[:max_length].strip("-") or fallback


def normalise_text(text):
    """Plain text in one shape: Unix newlines, no spaces at the ends of lines,
    paragraphs separated by exactly one blank line, no blank lines inside one."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def text_to_html(text):
    """Plain text as inert rich-text paragraphs (a blank line starts a paragraph, a
    line break is a <br/>): markup in the text is escaped, never interpreted."""
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in normalise_text(text).split("\n\n")
        if paragraph
    )


class _TextExtractor(HTMLParser):
    BREAKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in self.BREAKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html):
    """Rich text back to plain text (text_to_html's reverse): paragraphs and
    headings become paragraphs, <br/> a line break, entities their characters."""
    parser = _TextExtractor()
    parser.feed(str(html or ""))
    parser.close()
    return normalise_text("".join(parser.parts))
