"""Turning what a visitor typed into something a search backend can take safely."""

import re
import unicodedata

MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw):
    """The words of a query, without operators, quotes or control characters.

    Backends' own query syntaxes (FTS5's NEAR(, *, ^, quotes) never reach them, so no
    input can make a search fail; very long input is cut at MAX_QUERY_LENGTH.
    """
    text = unicodedata.normalize("NFC", str(raw or ""))[: MAX_QUERY_LENGTH * 4]
    words = _WORD.findall(text.replace("_", " "))
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def typed_text(raw, max_length):
    """Free text a visitor typed into a query parameter (a name filter, an @mention,
    a title to prefill), as one line: NFC, without control or format characters (a
    NUL is an error in PostgreSQL, a right-to-left override a trick), white space
    collapsed, cut at ``max_length``. Unlike clean_query it keeps punctuation."""
    text = unicodedata.normalize("NFC", str(raw or ""))[: max_length * 4]
    text = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    return " ".join(text.split())[:max_length].strip()
