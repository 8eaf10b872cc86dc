"""The catalogue's file format, shared by `import_catalogue` and the exports so that an
exported file imports again without changing anything (DESIGN.md "Public contracts").

A row is a flat record. CSV writes list fields `;`-separated; JSON writes them as lists.
The body is plain text: paragraphs separated by a blank line.
"""

from django.db.models import Count

from dela.text import html_to_text, normalise_text, text_to_html
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


def text_to_stream(text):
    """Plain text as the raw data of a ContentBlocks stream: one paragraph block.
    The text is escaped, so markup in an imported file shows as text."""
    html = text_to_html(text)
    return [{"type": "paragraph", "value": html}] if html else []


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
