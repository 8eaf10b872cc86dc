"""Text rules every app shares: the one Nordic slug."""

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
