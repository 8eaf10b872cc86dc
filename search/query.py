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
