"""Nordic text analysis shared by both search backends.

Documents and queries go through the same steps, so what a visitor types meets what was
indexed however it is spelled:

1. tokenising: words of letters and digits (NFKC, control characters dropped);
2. lowercasing and folding: å/ä/æ → a, ö/ø → o, é → e ... so "valfardsteknik" finds
   "välfärdsteknik";
3. stemming per language (Snowball: Swedish, Norwegian for nb and nn, Danish, English):
   "kommunerna" and "kommunen" both become "kommun";
4. compound splitting from a shipped lexicon of public-sector word parts
   (``data/lexicon.txt``): "digitaliseringsombud" is also indexed as
   "digitalisering" and "ombud";
5. cross-Scandinavian synonyms (``data/synonyms.txt`` and the editors' ``Synonym``
   snippets): every term of a group is also indexed as the group's token, so
   "välfärdsteknik" meets "velferdsteknologi" and "welfare technology".

A document is analysed in its own language; a query, whose language is unknown, in
all of them (each word then matches any of its forms). Typo tolerance works on the
index's own vocabulary, kept by each backend.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("sv", "nb", "nn", "da", "en")
_STEMMER_NAMES = {
    "sv": "swedish",
    "nb": "norwegian",
    "nn": "norwegian",
    "da": "danish",
    "en": "english",
}
# Letters that Unicode decomposition does not take apart.
_FOLD_EXTRA = str.maketrans(
    {"æ": "a", "ø": "o", "ß": "ss", "þ": "th", "ð": "d", "đ": "d", "ł": "l", "œ": "oe"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORD_LENGTH = 60
MIN_PART_LENGTH = 3
MIN_COMPOUND_LENGTH = 7
# Links between the parts of a compound: digitalisering-s-ombud, bygge-søknad.
_LINKS = ("", "s", "e")
# Endings an inflected compound's last part may carry: byggesøknaden, hemtjänsten.
_ENDINGS = (
    "",
    "s",
    "e",
    "a",
    "n",
    "t",
    "en",
    "er",
    "et",
    "ar",
    "or",
    "na",
    "ne",
    "ns",
    "es",
    "ene",
    "ane",
    "ern",
    "arn",
    "ens",
    "ets",
    "ers",
    "erna",
    "arna",
    "orna",
    "erne",
    "ene",
    "ande",
    "ende",
    "heten",
    "ar",
    "ane",
    "ta",
    "te",
)
SYNONYM_PREFIX = "zsyn"  # group tokens are "zsyn<id>": letters only, never a real word
# A term reached through a part of a word (a compound's part, or a word of a name of
# several words) is indexed as "zpart<term>": it is found as the term is, but the
# ranking can tell it from the whole word (a part weighs less: WHOLE_FACTOR).
PART_PREFIX = "zpart"
# Changes of the analysis that change a document's terms: part of its checksum
# (``fingerprint``), so that ``check_search_index`` reports the index built by an
# older version as stale and ``rebuild_search`` analyses every document again.
ANALYSIS_VERSION = "2"


@lru_cache(maxsize=500_000)
def fold(word):
    """Lowercase ``word`` without its diacritics: "Ærø" → "aro", "Växjö" → "vaxjo"."""
    word = word.lower().translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text):
    """The words of ``text``, lowercased (not folded), in order."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return [w[:MAX_WORD_LENGTH] for w in _WORD.findall(text.lower())]


@lru_cache(maxsize=8)
def _stemmer(language):
    return snowballstemmer.stemmer(_STEMMER_NAMES[language])


@lru_cache(maxsize=200_000)
def stem(word, language):
    """The folded stem of a lowercased ``word`` in ``language`` (sv, nb, nn, da, en)."""
    if language not in _STEMMER_NAMES or word.isdigit() or len(word) < 3:
        return fold(word)
    return fold(_stemmer(language).stemWord(word))


def _read_lines(name):
    path = DATA_DIR / name
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


@lru_cache(maxsize=1)
def stopwords():
    return frozenset(
        fold(word) for line in _read_lines("stopwords.txt") for word in line.split()
    )


@lru_cache(maxsize=1)
def lexicon():
    """The folded word parts compounds are split into."""
    return frozenset(
        fold(line)
        for line in _read_lines("lexicon.txt")
        if len(fold(line)) >= MIN_PART_LENGTH
    )


def shipped_synonym_groups():
    """The shipped groups: lists of terms, each a string of one or more words."""
    return [
        [term.strip() for term in line.split(",") if term.strip()]
        for line in _read_lines("synonyms.txt")
    ]


def split_compound(folded):
    """The lexicon parts of a folded word, or [] when it is not a known compound.

    Parts may be joined by a linking "s" or "e"; the last part may carry an inflection.
    Of several splits, the one with the fewest parts wins.
    """
    if len(folded) < MIN_COMPOUND_LENGTH:
        return []
    parts_lexicon = lexicon()
    best = _split(folded, 0, parts_lexicon, {})
    if best and len(best) > 1:
        return best
    return []


def _split(word, start, parts_lexicon, memo):
    if start in memo:
        return memo[start]
    best = None
    rest = word[start:]
    # The last part, perhaps inflected.
    for ending in _ENDINGS:
        if ending and not rest.endswith(ending):
            continue
        head = rest[: len(rest) - len(ending)] if ending else rest
        if head in parts_lexicon and len(head) >= MIN_PART_LENGTH:
            best = [head]
            break
    for end in range(start + MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        part = word[start:end]
        if part not in parts_lexicon:
            continue
        for link in _LINKS:
            if link and not word.startswith(link, end):
                continue
            tail = _split(word, end + len(link), parts_lexicon, memo)
            if tail and (best is None or len(tail) + 1 < len(best)):
                best = [part, *tail]
    memo[start] = best
    return best


@dataclass
class SynonymTable:
    """Terms of synonym groups by their analysed forms.

    ``single``: {form: {group tokens}} for one-word terms, keyed by the folded word
    and its stems in every language (a long one also matches the start of a compound:
    "velferdsteknologiløsning"); ``multi``: {(folded words): {group tokens}} for terms
    of several words."""

    single: dict = field(default_factory=dict)
    multi: dict = field(default_factory=dict)
    longest: int = 1

    def add_group(self, token, terms):
        for term in terms:
            words = tokenize(term)
            if not words:
                continue
            if len(words) == 1:
                word = words[0]
                for form in {fold(word), *(stem(word, lang) for lang in LANGUAGES)}:
                    if len(form) >= 2:
                        self.single.setdefault(form, set()).add(token)
            else:
                key = multi_key(words)
                self.multi.setdefault(key, set()).add(token)
                self.longest = max(self.longest, len(key))

    def whole_groups_of(self, word, language=None):
        """Group tokens of one lowercased word (its folded form or a stem)."""
        folded = fold(word)
        found = set(self.single.get(folded, ()))
        languages = (language,) if language else LANGUAGES
        for lang in languages:
            found |= self.single.get(stem(word, lang), set())
        return found

    def groups_of(self, word, language=None):
        """Group tokens of one lowercased word (its folded form or a stem), including a
        group whose term starts a compound."""
        found = self.whole_groups_of(word, language)
        folded = fold(word)
        # A compound starting with a long term: "velferdsteknologiambassadører".
        for length in range(8, len(folded) - 2):
            found |= self.single.get(folded[:length], set())
        return found


def multi_key(words):
    """How a several-word term is looked up: each word by its English stem (folded),
    so "welfare technologies" and "digital ambassadors" meet "welfare technology" and
    "digital ambassador"; a Nordic word is mostly left as it is by that stemmer."""
    return tuple(stem(word, "en") for word in words)


_synonym_lock = threading.Lock()
_synonym_cache = {"version": None, "table": None, "fingerprint": ""}
_extra_synonyms = {"version": None, "groups": None}
_held = threading.local()  # (table, fingerprint) inside synonyms_held()


def set_extra_synonyms(version, groups):
    """``version() -> hashable`` (cheap) and ``groups() -> [(key, [terms])]``: the
    editors' groups (the Synonym snippet), set by the app: analysis reads no DB."""
    _extra_synonyms.update(version=version, groups=groups)
    _synonym_cache["table"] = None


def synonym_table():
    held = getattr(_held, "state", None)
    if held is not None:
        return held[0]
    version_of, groups_of = _extra_synonyms["version"], _extra_synonyms["groups"]
    version = None
    if version_of is not None:
        try:
            version = version_of()
        except Exception:  # the database may not be ready (migrations, checks)
            version, groups_of = "unavailable", None
    with _synonym_lock:
        if _synonym_cache["table"] is None or _synonym_cache["version"] != version:
            table = SynonymTable()
            for index, terms in enumerate(shipped_synonym_groups()):
                table.add_group(f"{SYNONYM_PREFIX}{index}", terms)
            extra = []
            if groups_of is not None:
                try:
                    extra = groups_of()
                except Exception:
                    extra = []
            for key, terms in extra:
                table.add_group(f"{SYNONYM_PREFIX}x{key}", terms)
            _synonym_cache.update(
                version=version,
                table=table,
                fingerprint=_fingerprint(version, extra),
            )
        return _synonym_cache["table"]


def _fingerprint(version, extra):
    digest = hashlib.sha256(ANALYSIS_VERSION.encode())
    for name in ("synonyms.txt", "lexicon.txt", "stopwords.txt"):
        digest.update((DATA_DIR / name).read_bytes())
    digest.update(repr(sorted((str(k), list(t)) for k, t in extra)).encode())
    return digest.hexdigest()[:16]


def fingerprint():
    """What the analysis of a text depends on besides the text (the word lists and
    the editors' groups): part of each document's checksum, so that a rebuild
    re-analyses every document after a change of them."""
    held = getattr(_held, "state", None)
    if held is not None:
        return held[1]
    synonym_table()
    return _synonym_cache["fingerprint"]


@contextmanager
def synonyms_held():
    """The synonym table and fingerprint as they are now, for a bulk job in this
    thread: a rebuild asks for them three times per document, and each time asked
    the cache for the editors' version (a Redis round trip; two thirds of the cache
    reads of a full-scale rebuild). A change made meanwhile reaches the next job."""
    if getattr(_held, "state", None) is not None:  # already held further up
        yield
        return
    table = synonym_table()
    with _synonym_lock:
        _held.state = (table, _synonym_cache["fingerprint"])
    try:
        yield
    finally:
        _held.state = None


def is_synonym_token(token):
    """A synonym group's token, reached through a whole word or through a part."""
    return unmarked(token).startswith(SYNONYM_PREFIX)


def part_term(term):
    """``term`` as a part of a word: "zpart<term>"."""
    return term if term.startswith(PART_PREFIX) else PART_PREFIX + term


def is_part_term(term):
    return term.startswith(PART_PREFIX)


def unmarked(term):
    """The term without its part marker."""
    return term[len(PART_PREFIX) :] if term.startswith(PART_PREFIX) else term


def with_parts(terms):
    """A query's terms and each as a part of a word: a query word matches a word and
    a compound it is a part of alike (the ranking weighs the whole word more)."""
    terms = set(terms)
    return terms | {part_term(term) for term in terms}


# --- Documents ----------------------------------------------------------------


def analyse_text(text, language, synonyms=None, parts=True):
    """The index terms of ``text`` written in ``language``: stems, compound parts
    (marked, ``part_term``) and synonym group tokens, in order (repeats kept, for term
    frequency). ``parts``: False for a name (a taxonomy value's): its compounds are
    left whole, and the words of a name of several words are its parts, as a
    compound's are ("Elderly care" is found by "elderly" as "eldreomsorg" by "eldre":
    through a part; by "elderly care" and "eldreomsorg" as a whole)."""
    synonyms = synonyms or synonym_table()
    language = language if language in _STEMMER_NAMES else None
    words = tokenize(text)
    terms = []
    stop = stopwords()
    folded_words = [fold(word) for word in words]
    multi_words = multi_key(words) if synonyms.multi else ()
    # A name of several words: each word is a part of it.
    name_parts = not parts and sum(1 for w in folded_words if w not in stop) > 1
    for position, word in enumerate(words):
        folded = folded_words[position]
        # Several-word synonym terms: "welfare technology", "vård och omsorg".
        for size in range(2, synonyms.longest + 1):
            key = multi_words[position : position + size]
            if len(key) == size and key in synonyms.multi:
                terms.extend(sorted(synonyms.multi[key]))
        if folded in stop:
            continue
        found = word_terms(word, language, synonyms, parts)
        terms.extend(map(part_term, found) if name_parts else found)
    return terms


_WORD_TERMS_CACHE = {}
_WORD_TERMS_LIMIT = 300_000


def word_terms(word, language, synonyms, parts=True):
    """The index terms of one lowercased word of a document (cached per synonym
    table: documents repeat their words)."""
    key = (word, language, id(synonyms), parts)
    terms = _WORD_TERMS_CACHE.get(key)
    if terms is None:
        if len(_WORD_TERMS_CACHE) > _WORD_TERMS_LIMIT:
            _WORD_TERMS_CACHE.clear()
        terms = _WORD_TERMS_CACHE[key] = tuple(
            _word_terms(word, language, synonyms, parts)
        )
    return list(terms)


_VOWELS = set("aeiouyåäöæø")
_NORDIC = {"sv", "nb", "nn", "da"}


def definite_base(word):
    """ "strategin" → "strategi": the Scandinavian definite -n after a vowel, which
    Snowball leaves on (it strips -en, -et, -erna, ...). None when it does not apply."""
    if len(word) > 5 and word.endswith("n") and word[-2] in _VOWELS:
        return word[:-1]
    return None


def _word_terms(word, language, synonyms, parts=True):
    folded = fold(word)
    if language:
        stemmed = stem(word, language)
    else:
        stemmed = folded
    terms = [stemmed]
    if folded != stemmed:
        terms.append(folded)
    base = definite_base(word) if language in _NORDIC or not language else None
    if base:
        terms.append(stem(base, language) if language else fold(base))
    groups = synonyms.whole_groups_of(word, language)
    # Groups of a term that starts the word ("velferdsteknologi|ambassadører") and of
    # the lexicon's parts are reached through a part.
    part_groups = synonyms.groups_of(word, language) - groups
    for part in split_compound(folded) if parts else ():
        part_stem = stem(part, language) if language else part
        terms.append(part_term(part_stem))
        if part != part_stem:
            terms.append(part_term(part))
        part_groups |= synonyms.groups_of(part, language)
    terms.extend(sorted(groups))
    terms.extend(part_term(group) for group in sorted(part_groups - groups))
    return terms


def vocabulary_words(text):
    """(folded word, its spelling in lowercase) for each word of ``text`` worth
    suggesting ("did you mean"): "Välfärdsteknik" gives ("valfardsteknik",
    "välfärdsteknik")."""
    stop = stopwords()
    pairs = []
    for word in tokenize(text):
        folded = fold(word)
        if len(folded) >= 3 and folded not in stop and not folded.isdigit():
            pairs.append((folded[:60], word.lower()[:60]))
    return pairs


# --- Queries ------------------------------------------------------------------


@dataclass
class QueryWord:
    """One word of a query and the index terms any of which it matches.
    ``partial``: those of them that are words the query word is only a part of (the
    compounds search/compounds.py finds for it), weighed as a part is."""

    text: str
    folded: str
    alternatives: set
    partial: frozenset = frozenset()

    @property
    def sorted_alternatives(self):
        return sorted(self.alternatives)

    @property
    def whole_terms(self):
        """The terms that match the query word as a whole word of a text."""
        return {
            term
            for term in self.alternatives
            if not is_part_term(term) and term not in self.partial
        }


@dataclass
class AnalysedQuery:
    text: str
    words: list  # QueryWord, each must match (AND), any alternative (OR)

    def __bool__(self):
        return bool(self.words)

    def all_terms(self):
        terms = set()
        for word in self.words:
            terms |= word.alternatives
        return terms


MAX_QUERY_WORDS = 12


def analyse_query(text, synonyms=None):
    """The words of a cleaned query, each with every index term it may match."""
    synonyms = synonyms or synonym_table()
    words = tokenize(text)
    folded_words = [fold(word) for word in words]
    multi_words = multi_key(words)
    stop = stopwords()
    result = []
    skip_until = -1
    for position, word in enumerate(words):
        if position < skip_until:
            continue
        # A several-word synonym term is one query word: "welfare technology".
        matched = None
        for size in range(synonyms.longest, 1, -1):
            key = multi_words[position : position + size]
            if len(key) == size and key in synonyms.multi:
                matched = (size, synonyms.multi[key])
                break
        if matched:
            size, groups = matched
            phrase = " ".join(words[position : position + size])
            folded_phrase = " ".join(folded_words[position : position + size])
            result.append(QueryWord(phrase, folded_phrase, with_parts(groups)))
            skip_until = position + size
            continue
        folded = folded_words[position]
        if folded in stop and len(words) > 1:
            continue
        result.append(
            QueryWord(
                word,
                folded,
                query_word_terms(word, synonyms),
                partial=prefix_groups(word, synonyms),
            )
        )
    return AnalysedQuery(text=text, words=result[:MAX_QUERY_WORDS])


def query_word_terms(word, synonyms):
    folded = fold(word)
    alternatives = {folded}
    for language in _STEMMER_NAMES:
        alternatives.add(stem(word, language))
        alternatives.add(stem(folded, language))
    base = definite_base(word)
    if base:
        for language in _NORDIC:
            alternatives.add(stem(base, language))
    alternatives |= synonyms.groups_of(word)
    alternatives |= synonyms.groups_of(folded)
    return with_parts(term for term in alternatives if term)


def prefix_groups(word, synonyms):
    """The groups a query word reaches only through a term that starts it
    ("kompetanse|plattform"): what it matches then is a part of what was asked."""
    folded = fold(word)
    return frozenset(
        (synonyms.groups_of(word) | synonyms.groups_of(folded))
        - synonyms.whole_groups_of(word)
        - synonyms.whole_groups_of(folded)
    )


# --- Typos --------------------------------------------------------------------


def edit_distance(a, b, limit=3):
    """Damerau-Levenshtein distance (adjacent swaps count one), or ``limit`` + 1 when
    it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def allowed_typos(word):
    """How many edits a word of this length may carry: none below 4 letters."""
    if len(word) < 4:
        return 0
    if len(word) < 8:
        return 1
    return 2


def closest_words(word, candidates):
    """Vocabulary words within the allowed edit distance of ``word``, nearest and most
    frequent first. ``candidates``: iterable of (word, document frequency)."""
    limit = allowed_typos(word)
    if not limit:
        return []
    scored = []
    for candidate, frequency in candidates:
        if candidate == word:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            scored.append((distance, -frequency, candidate))
    scored.sort()
    return [candidate for _, _, candidate in scored]


# --- Ranking ------------------------------------------------------------------

# A document whose title has every query word ranks by TITLE_FACTOR above one that
# says them only in its body; one that has them in its title or meta (summary, tags,
# places and its taxonomy's names) by META_FACTOR; one that matches the words' own
# forms (not only through a synonym group: the same language) by a little more.
TITLE_FACTOR = 4.0
META_FACTOR = 1.5
EXACT_FACTOR = 1.15
# A document that has every query word as a whole word (not only as a part of a
# compound, or of a name of several words) ranks by WHOLE_FACTOR above one that has
# some of them only as parts: "eldre" (elderly) finds the texts about seniors before
# those about "eldreomsorg" (elderly care).
WHOLE_FACTOR = 2.0


def exact_words(words):
    """The query words' own whole-word terms (no synonym group tokens, no parts), for
    the exact-language bonus; words that are only synonym groups ("welfare
    technology") are left out."""
    result = []
    for word in words:
        own = {term for term in word.whole_terms if not is_synonym_token(term)}
        if own:
            result.append(QueryWord(word.text, word.folded, own))
    return result


def whole_words(words):
    """The query words' whole-word terms, for WHOLE_FACTOR; [] when a word has none
    (then no document gets the factor)."""
    result = []
    for word in words:
        whole = word.whole_terms
        if not whole:
            return []
        result.append(QueryWord(word.text, word.folded, whole))
    return result
