"""The catalogue's file format, shared by `import_catalogue` and the exports so that an
exported file imports again without changing anything (DESIGN.md "Public contracts").

A row is a flat record. CSV writes list fields `;`-separated; JSON writes them as lists.
The body is plain text: paragraphs separated by a blank line.
"""

import re
from html import escape
from html.parser import HTMLParser

from django.db.models import Count

from taxonomy.models import Municipality

# The contract's fields, then Dela's optional extensions, then export-only columns.
CONTRACT_FIELDS = [
    "external_id",
    "title",
    "summary",
    "body",
    "language",
    "municipality",
    "country",
    "tags",
    "competences",
    "year",
]
EXTENSION_FIELDS = ["sector", "target_groups", "who", "results", "effort"]
EXPORT_ONLY_FIELDS = ["type", "url"]
IMPORT_FIELDS = CONTRACT_FIELDS + EXTENSION_FIELDS
EXPORT_FIELDS = ["type", *IMPORT_FIELDS, "url"]
REQUIRED_FIELDS = ["title", "summary", "language"]
LIST_FIELDS = {"municipality", "tags", "competences", "target_groups"}
SEPARATOR = ";"

ENTRY_TYPE = "entry"


# --- Body text ----------------------------------------------------------------------


def normalise_text(text):
    """Plain text in one shape: Unix newlines, no trailing spaces, paragraphs
    separated by exactly one blank line, no blank lines inside a paragraph."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def text_to_stream(text):
    """Plain text as the raw data of a ContentBlocks stream: one paragraph block.
    The text is escaped, so markup in an imported file shows as text."""
    text = normalise_text(text)
    if not text:
        return []
    html = "".join(
        "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in text.split("\n\n")
    )
    return [{"type": "paragraph", "value": html}]


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
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts)


def stream_to_text(stream):
    """The readable text of a ContentBlocks stream (images and documents left out)."""
    parts = []
    for block in stream or []:
        value = block.value
        kind = block.block_type
        if kind == "paragraph":
            parts.append(html_to_text(value.source))
        elif kind == "heading":
            parts.append(value["text"])
        elif kind == "quote":
            parts.append(value["text"])
            if value.get("attribution"):
                parts.append("– " + value["attribution"])
        elif kind == "facts":
            if value.get("heading"):
                parts.append(value["heading"])
            parts.append(
                "\n".join(
                    f"{fact['figure']} {fact['label']}" for fact in value["facts"]
                )
            )
        elif kind == "call_to_action":
            parts.append(value["text"])
    return normalise_text("\n\n".join(parts))


# --- Lists and municipalities -------------------------------------------------------


def split_list(value):
    """A list field from a file: a JSON list, or a `;`-separated string."""
    if value is None:
        return []
    if isinstance(value, list):
        items = value
    else:
        items = str(value).split(SEPARATOR)
    result = []
    for item in items:
        item = str(item).strip() if item is not None else ""
        if item and item not in result:
            result.append(item)
    return result


def ambiguous_municipality_names():
    """Lower-cased names that more than one municipality carries (one query): the
    export writes such municipalities by slug, which is unique."""
    return {
        row["name"].lower()
        for row in Municipality.objects.values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    }


def municipality_label(municipality, ambiguous):
    if municipality.name.lower() in ambiguous:
        return municipality.slug
    return municipality.name
