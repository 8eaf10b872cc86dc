"""What both backends derive from a SearchDocument: facet values with labels, a
checksum, analysed fields, recency; and highlighted snippets of stored text."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from .analysis import (
    analyse_text,
    fingerprint,
    fold,
    synonym_table,
    tokenize,
    word_terms,
)
from .backends.base import AUDIENCE_FACET

MAX_TEXT_LENGTH = 60_000
SNIPPET_WORDS = 30
RECENCY_YEARS = 4  # documents newer than this get up to RECENCY_BOOST more
RECENCY_BOOST = 0.3


def checksum(document):
    """A fingerprint of what a document says. Lists whose order means nothing (tags,
    places, facet values, audience) are sorted: a database may return related rows in
    any order without the document having changed."""
    data = asdict(document)
    for name in ("tags", "municipalities", "audience", "suggest", "classification"):
        data[name] = sorted(str(item) for item in data[name])
    data["facets"] = {
        name: sorted(str(value) for value in values)
        for name, values in sorted(data["facets"].items())
    }
    data["analysis"] = fingerprint()  # new word lists or synonyms: analyse again
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str).encode()
    ).hexdigest()


def facet_values(document, type_label=""):
    """[(name, value, label)] of a document, its type and language included."""
    rows = [("type", document.type, str(type_label or document.type))]
    if document.language:
        rows.append(("language", document.language, document.language))
    labels = document.facet_labels or {}
    facets = dict(document.facets or {})
    if "tag" not in facets and document.tags:
        # As taggit makes tag slugs (Unicode kept), so one tag is one facet value.
        facets["tag"] = [
            slugify(tag, allow_unicode=True) or tag for tag in document.tags
        ]
        labels = {**labels, "tag": dict(zip(facets["tag"], document.tags, strict=True))}
    for name, values in facets.items():
        if name in ("type", "language"):
            continue
        names = labels.get(name, {})
        paired = {}
        if name == "tag" and len(values) == len(document.tags):
            paired = dict(zip(values, document.tags, strict=True))
        if name == "municipality" and len(values) == len(document.municipalities):
            paired = dict(zip(values, document.municipalities, strict=True))
        for value in dict.fromkeys(str(v) for v in values if str(v)):
            label = names.get(value) or paired.get(value) or value
            rows.append((name, value[:200], str(label)[:300]))
    for token in dict.fromkeys(document.audience or ()):
        rows.append((AUDIENCE_FACET, token, ""))
    return rows


def rank_factor(document, now=None):
    """The document's boost times a small bonus for recent documents."""
    boost = max(0.1, float(document.boost or 1.0))
    if document.date is None:
        return boost
    now = now or timezone.now()
    age_years = max(0.0, (now - document.date).total_seconds() / (365.25 * 86400))
    return boost * (1 + RECENCY_BOOST * max(0.0, 1 - age_years / RECENCY_YEARS))


def analysed_fields(document):
    """(title terms, meta terms, body terms), each a space-separated string."""
    synonyms = synonym_table()
    language = document.language
    title = analyse_text(document.title, language, synonyms)
    meta_source = " . ".join(
        [
            document.summary,
            " . ".join(document.tags),
            " . ".join(document.municipalities),
        ]
    )
    meta = analyse_text(meta_source, language, synonyms)
    for name_language, name in dict.fromkeys(map(tuple, document.classification)):
        meta.extend(analyse_text(name, name_language, synonyms, parts=False))
    body_source = document.text[:MAX_TEXT_LENGTH]
    if document.cues:
        body_source += " . " + " . ".join(cue.text for cue in document.cues)
    body = analyse_text(body_source[: MAX_TEXT_LENGTH * 2], language, synonyms)
    return " ".join(title), " ".join(meta), " ".join(body)


# --- Highlighting ---------------------------------------------------------------------


def _matches(word, language, query_terms, synonyms):
    terms = set(word_terms(word, language or None, synonyms))
    terms.add(fold(word))
    return bool(terms & query_terms)


def highlight(text, query_terms, language="", words=SNIPPET_WORDS, whole=False):
    """Safe HTML of the part of ``text`` with the most matching words, each matching
    word in <mark>. Without matches: the start of the text (or "" if ``whole`` is
    False and nothing matched... the start anyway, for a summary)."""
    import re

    if not text:
        return ""
    synonyms = synonym_table()
    pieces = re.split(r"(\s+)", text[:MAX_TEXT_LENGTH])
    word_positions = [
        i for i, piece in enumerate(pieces) if piece and not piece.isspace()
    ]
    marked = set()
    for i in word_positions:
        for word in tokenize(pieces[i]):
            if _matches(word, language, query_terms, synonyms):
                marked.add(i)
                break
    if whole:
        chosen = word_positions
    else:
        best_start, best_count = 0, -1
        marked_order = [n for n, i in enumerate(word_positions) if i in marked]
        for n in marked_order or [0]:
            start = max(0, n - words // 3)
            count = sum(1 for m in marked_order if start <= m < start + words)
            if count > best_count:
                best_start, best_count = start, count
        chosen = word_positions[best_start : best_start + words]
    if not chosen:
        return ""
    out = []
    first, last = chosen[0], chosen[-1]
    for i in range(first, last + 1):
        piece = pieces[i]
        if i in marked:
            out.append(f"<mark>{escape(piece)}</mark>")
        else:
            out.append(escape(piece))
    html = "".join(out)
    if not whole:
        if first > 0:
            html = "… " + html
        if last < len(pieces) - 1 and word_positions and last < word_positions[-1]:
            html += " …"
    return html


def best_cue(cues, query_terms, language=""):
    """The first caption cue with a matching word: (start, cue text) or None."""
    synonyms = synonym_table()
    for cue in cues:
        start, text = (cue["start"], cue["text"]) if isinstance(cue, dict) else cue
        for word in tokenize(text):
            if _matches(word, language, query_terms, synonyms):
                return float(start), text
    return None


def hit_snippets(title, summary, text, cues, query_terms, language=""):
    """(snippet, title HTML, cue start or None) of a hit, the same on every backend:
    a caption cue with a match wins (the hit then links to where it is said), else the
    summary, else the body where it matches."""
    cue = best_cue(cues, query_terms, language) if cues and query_terms else None
    if cue:
        snippet = highlight(cue[1], query_terms, language)
    else:
        snippet = highlight(summary, query_terms, language, words=40)
        if query_terms and "<mark>" not in snippet and text:
            from_text = highlight(text, query_terms, language)
            if "<mark>" in from_text:
                snippet = from_text
    title_html = highlight(title, query_terms, language, whole=True)
    return snippet, title_html, (cue[0] if cue else None)
