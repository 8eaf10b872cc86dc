"""Productive decompounding for Swedish, Norwegian and Danish against the index's
own vocabulary (``IndexWord``), for compounds the shipped lexicon does not know.

Nordic compounds are written as one word ("bostadsanpassning", "hjemmebesøget",
"velfærdsteknologien"), so a text about "anpassning" and one about
"bostadsanpassning" share no word. Two steps, both on the query's side, so they
hold for every document already indexed whatever the order it was indexed in (the
vocabulary grows with the index; a split made when a document was indexed would
depend on what had been indexed before it):

- **a part finds its compounds**: a query word (or its stem) of at least
  ``MIN_HEAD`` letters also matches the vocabulary's words that end in it, perhaps
  inflected ("teknik" → "välfärdsteknik", "välfärdstekniken"), when what comes before
  it is itself a word of the vocabulary or lexicon of at least ``MIN_MODIFIER``
  letters (a linking -s- or -e- taken off): "ingen" does not match "utbildningen"
  ("utbildn" is no word), "heter" does not match "möjligheter" (a derivational
  ending, listed in ``NOT_HEADS``);
- **a compound finds texts that use its parts**: a query word that splits into a
  known modifier and a known head (each at least that long, a linking -s-/-e-
  between them, the head perhaps inflected) becomes two words, each matching the
  compound itself or its part: "bostadsanpassning" finds "anpassning av bostad".

Both backends take the analysed query from here (``analyse``), so the engine
(which indexes the same terms) matches exactly as the database does. The lexicon
(``data/lexicon.txt``) stays for irregular and short parts ("hem", "vård").
"""

from __future__ import annotations

from .analysis import (
    _ENDINGS,
    _NORDIC,
    LANGUAGES,
    AnalysedQuery,
    QueryWord,
    analyse_query,
    fold,
    is_synonym_token,
    lexicon,
    prefix_groups,
    query_word_terms,
    stem,
    synonym_table,
    with_parts,
)

MIN_HEAD = 5
MIN_MODIFIER = 5
# A part finds at most this many compounds (the most frequent): a common head in a
# big index must not turn one word into hundreds of alternatives.
MAX_COMPOUNDS = 24
MAX_CANDIDATES = 5000
# Endings that are words (or stems) too but, at the end of a long word, are
# derivations and not the head of a compound: möjlig-heter, utbild-ningen, opplev-else.
NOT_HEADS = frozenset(
    {
        "heter",
        "heten",
        "hetens",
        "ingen",
        "ingar",
        "ingarna",
        "ninger",
        "ningen",
        "ningar",
        "ningerne",
        "elser",
        "elsen",
        "skabet",
        "skapet",
        "skapen",
        "ande",
        "ende",
        "erne",
        "arna",
        "erna",
        "ligheten",
        "ligheter",
        "lighed",
        "ligt",
        "lige",
        "mente",
    }
)
_LINKS = ("s", "e")


def _heads(word):
    """The forms of a query word that may be a compound's head: its folded form and
    its Nordic stems, at least MIN_HEAD letters long."""
    folded = fold(word.text) if " " not in word.text else ""
    forms = {folded} if folded else set()
    for language in _NORDIC:
        forms.add(stem(word.text.lower(), language))
    return {form for form in forms if len(form) >= MIN_HEAD and form not in NOT_HEADS}


def _modifier_forms(prefix):
    """What the part before a head may be, as the vocabulary or lexicon would hold
    it: the prefix, or the prefix without its linking -s-/-e-."""
    forms = []
    if len(prefix) >= MIN_MODIFIER:
        forms.append(prefix)
    if prefix[-1:] in _LINKS and len(prefix) - 1 >= MIN_MODIFIER:
        forms.append(prefix[:-1])
    return forms


def _known(words):
    """The ones of ``words`` that are in the vocabulary or the lexicon."""
    from .models import IndexWord

    words = set(words)
    if not words:
        return set()
    known = words & lexicon()
    known |= set(
        IndexWord.objects.filter(word__in=sorted(words - known)).values_list(
            "word", flat=True
        )
    )
    return known


def compounds_with_head(word):
    """Vocabulary words that are compounds ending in ``word`` (a QueryWord), most
    frequent first, at most MAX_COMPOUNDS."""
    from django.db.models import Q

    from .models import IndexWord

    heads = _heads(word)
    if not heads:
        return []
    contains = Q()
    for head in heads:
        contains |= Q(word__contains=head)
    rows = (
        IndexWord.objects.filter(contains, size__gte=MIN_HEAD + MIN_MODIFIER)
        .order_by("-frequency", "word")
        .values_list("word", flat=True)[:MAX_CANDIDATES]
    )
    candidates = []  # (compound, modifier forms)
    for compound in rows:
        for head in heads:
            at = compound.rfind(head)
            if at < MIN_MODIFIER:
                continue
            if compound[at + len(head) :] not in _ENDINGS:
                continue
            forms = _modifier_forms(compound[:at])
            if forms:
                candidates.append((compound, forms))
                break
    known = _known(form for _compound, forms in candidates for form in forms)
    found = [
        compound
        for compound, forms in candidates
        if any(form in known for form in forms)
    ]
    return found[:MAX_COMPOUNDS]


def split(folded):
    """(modifier, head) of a folded word that is a compound of two vocabulary (or
    lexicon) words, each at least MIN_MODIFIER/MIN_HEAD letters, a linking -s-/-e-
    perhaps between them and an inflection perhaps after the head; the longest head
    wins. None when it is no such compound."""
    if len(folded) < MIN_MODIFIER + MIN_HEAD:
        return None
    options = []  # (modifier, head)
    for at in range(MIN_MODIFIER, len(folded) - MIN_HEAD + 1):
        modifier = folded[:at]
        for link in ("", *_LINKS):
            if link and not folded.startswith(link, at):
                continue
            rest = folded[at + len(link) :]
            for ending in _ENDINGS:
                if ending and not rest.endswith(ending):
                    continue
                head = rest[: len(rest) - len(ending)] if ending else rest
                if len(head) >= MIN_HEAD and head not in NOT_HEADS:
                    options.append((modifier, head))
    if not options:
        return None
    known = _known({part for option in options for part in option})
    good = [(m, h) for m, h in options if m in known and h in known]
    if not good:
        return None
    return max(good, key=lambda option: (len(option[1]), -len(option[0])))


def _spelling(folded):
    from .models import IndexWord

    written = (
        IndexWord.objects.filter(word=folded).values_list("spelling", flat=True).first()
    )
    return written or folded


def _whole_word_terms(word, synonyms):
    """The terms of the compound itself that each of its parts keeps: its forms and
    the synonym groups of the whole word, not those of a group that merely starts it
    ("sykehjem..." is about nursing homes, which its modifier part says already)."""
    terms = {term for term in word.alternatives if not is_synonym_token(term)}
    forms = {word.folded, *(stem(word.text.lower(), lang) for lang in LANGUAGES)}
    for form in forms:
        terms |= with_parts(synonyms.single.get(form, set()))
    return terms


def decompound(words):
    """The query words with the two steps above applied (a new list)."""
    synonyms = synonym_table()
    result = []
    for word in words:
        if " " in word.folded or word.folded.isdigit():
            result.append(word)
            continue
        found = compounds_with_head(word)
        if found:
            # The compounds are whole words of the texts but the query word is a
            # part of them: they match as its parts do (analysis.WHOLE_FACTOR).
            word = QueryWord(
                word.text,
                word.folded,
                word.alternatives | with_parts(found),
                partial=word.partial | frozenset(found),
            )
        parts = split(word.folded)
        if parts is None:
            result.append(word)
            continue
        modifier, head = parts
        whole = _whole_word_terms(word, synonyms)
        for part, text in ((modifier, word.text), (head, "")):
            spelling = _spelling(part)
            terms = query_word_terms(spelling, synonyms) | with_parts({part})
            partial = word.partial | prefix_groups(spelling, synonyms)
            result.append(QueryWord(text, part, whole | terms, partial=partial))
    return result


def analyse(text):
    """The analysed query of ``text`` with decompounding against the vocabulary:
    what both backends match."""
    analysed = analyse_query(text) if text else AnalysedQuery(text="", words=[])
    if analysed:
        analysed.words = decompound(analysed.words)
    return analysed


def query_text(words):
    """The words as a visitor would write them (a split compound is one word)."""
    return " ".join(word.text for word in words if word.text)
