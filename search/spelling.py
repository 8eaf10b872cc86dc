"""The "did you mean" rule: query words the index's vocabulary lacks, replaced by the
nearest words it has. One rule for every backend: the vocabulary (``IndexWord``) is
kept by the database backend, which every deployment indexes, so an engine-backed
search proposes the same corrections as the embedded one."""

from __future__ import annotations

from .analysis import (
    QueryWord,
    allowed_typos,
    closest_words,
    prefix_groups,
    query_word_terms,
    synonym_table,
)

MAX_CANDIDATES = 3000


def _heads(folded):
    """Where a word's correction may be filed (the vocabulary is filed by its first
    two letters): the same two, the two swapped, or the first and third (an extra
    second letter). Typos further on are found, within the limit."""
    return sorted({folded[:2], folded[1::-1], folded[0] + folded[2:3]})


def corrections(words):
    """{position: (corrected folded word, its spelling)} for the query words the
    vocabulary lacks."""
    from .models import IndexWord

    candidates_for = [
        (i, word)
        for i, word in enumerate(words)
        if " " not in word.folded and allowed_typos(word.folded)
    ]
    if not candidates_for:
        return {}
    known = set(
        IndexWord.objects.filter(
            word__in=[word.folded for _, word in candidates_for]
        ).values_list("word", flat=True)
    )
    found_for = {}
    for position, word in candidates_for:
        if word.folded in known:
            continue
        limit = allowed_typos(word.folded)
        rows = IndexWord.objects.filter(
            head__in=_heads(word.folded),
            size__gte=len(word.folded) - limit,
            size__lte=len(word.folded) + limit,
        ).values_list("word", "frequency", "spelling")[:MAX_CANDIDATES]
        written = {folded: spelling or folded for folded, _n, spelling in rows}
        found = closest_words(word.folded, [(w, n) for w, n, _s in rows])
        if found:
            found_for[position] = (found[0], written[found[0]])
    return found_for


def corrected(words):
    """The query words with typos replaced by the nearest vocabulary words (each
    matching its own forms and the typed ones), or None without corrections."""
    found_for = corrections(words)
    if not found_for:
        return None
    synonyms = synonym_table()
    result = []
    for i, word in enumerate(words):
        if i in found_for:
            fixed, spelling = found_for[i]
            terms = word.alternatives | query_word_terms(fixed, synonyms)
            partial = word.partial | prefix_groups(fixed, synonyms)
            result.append(QueryWord(spelling, fixed, terms, partial=partial))
        else:
            result.append(word)
    return result


def suggestion(words):
    """The whole corrected query as text, or "" when nothing needs correcting."""
    fixed = corrected(words)
    return " ".join(word.text for word in fixed if word.text) if fixed else ""
