"""The search-engine backend: Elasticsearch 9 or OpenSearch 2.x/3.x, with mappings and
queries built by ``elasticsearch.dsl`` and sent through ``connection.EngineConnection``
(the official Elasticsearch client or ``opensearch-py``, whichever the server is).

The engine indexes the terms Dela's Nordic analysis (search/analysis.py) makes of each
document, as the database backend does, and matches a query's words the same way
(every word by any of its terms; a vocabulary correction when nothing matches; any
word when still nothing), so both backends find the same documents; the engine ranks
them with BM25 over title, meta and body, times the document's rank. Facets are
aggregations (each ignoring its own choice), snippets come from the shared highlighter
(search/documents.py), autocomplete from a completion suggester with the audience as a
context (so it never proposes what the asker may not see), "did you mean" from the
shared vocabulary (search/spelling.py), and rebuilds go to a new index that an alias
is then swapped to, so searches never see a half-built index.

``make test`` runs the shared backend tests, the lifecycle tests and the Nordic
relevance evaluation against a live OpenSearch node (scripts/opensearch/); the
Elasticsearch 9 side is tested on its request bodies and client choice.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.utils.dateparse import parse_datetime
from elasticsearch.dsl import (
    Completion as CompletionField,
)
from elasticsearch.dsl import (
    Date,
    Document,
    Float,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
)

from .. import compounds, spelling
from ..analysis import (
    EXACT_FACTOR,
    META_FACTOR,
    TITLE_FACTOR,
    WHOLE_FACTOR,
    analyse_query,
    exact_words,
    unmarked,
    whole_words,
)
from ..documents import (
    MAX_TEXT_LENGTH,
    analysed_fields,
    checksum,
    facet_values,
    hit_snippets,
    rank_factor,
)
from ..facets import chosen_without_results
from .base import (
    AUDIENCE_FACET,
    FACET_NAMES,
    BaseSearchBackend,
    Completion,
    FacetCount,
    SearchHit,
    SearchResults,
)
from .connection import EngineConnection

logger = logging.getLogger(__name__)
MAX_FACET_VALUES = 20
# Facets whose values carry a label of their own (type and language are labelled by the
# registry and the settings): filtered on ``facet_NAME``, counted on ``labelled_NAME``,
# whose terms are "value<LABEL_SEPARATOR>label".
LABELLED_FACETS = tuple(n for n in FACET_NAMES if n not in ("type", "language"))
LABEL_SEPARATOR = "\x1f"

# Autocomplete matches names folded (å/ä → a, ö/ø/æ → o/a), as analysis.fold does.
fold_letters = char_filter(
    "dela_fold_letters",
    type="mapping",
    mappings=["æ=>a", "Æ=>a", "ø=>o", "Ø=>o", "ß=>ss"],
)
folding_analyzer = analyzer(
    "dela_folding",
    tokenizer="standard",
    char_filter=[fold_letters],
    filter=["lowercase", "asciifolding"],
)


# BM25 over the analysed terms with less length normalisation than the default b of
# 0.75: a profile of a few words that names a query word once outranked the items
# that name it in their summaries (cross-language recall@10 on the whole demo 0.946
# with 0.75, 0.956 with 0.5; the other classes the same). k1 as the default.
TERM_SIMILARITY = {"type": "BM25", "b": 0.5, "k1": 1.2}


def document_class(index_name):
    """The Document class (mapping and settings) of one concrete index.

    Matching uses the terms search/analysis.py makes of a document (folding, stems,
    compound parts, synonym tokens), the very terms the database backend indexes, in
    whitespace-analysed fields: one Nordic analysis for both backends, so they find the
    same documents (an engine's own Snowball, synonym and decompounder filters were
    measured on a live node and found less: they split, stem and fold in another
    order). The engine brings BM25 over those terms, aggregations and scale. The
    texts themselves are kept for the cards and snippets only."""

    class SearchEntry(Document):
        doc_type = Keyword()
        title_terms = Text(analyzer="whitespace", similarity="dela_terms")
        meta_terms = Text(analyzer="whitespace", similarity="dela_terms")
        body_terms = Text(analyzer="whitespace", similarity="dela_terms")
        title = Text(index=False)
        summary = Text(index=False)
        text = Text(index=False)
        url = Keyword(index=False)
        language = Keyword()
        tags = Keyword(index=False)
        municipalities = Keyword(index=False)
        audience = Keyword()
        rank = Float()
        date = Date()
        checksum = Keyword(index=False)
        suggest = CompletionField(
            analyzer=folding_analyzer,
            contexts=[{"name": "audience", "type": "category", "path": "audience"}],
        )
        cue_starts = Float(index=False)
        cue_texts = Keyword(index=False)

        class Index:
            name = index_name
            settings = {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "similarity": {"dela_terms": TERM_SIMILARITY},
            }

    for name in LABELLED_FACETS:
        SearchEntry._doc_type.mapping.field(f"facet_{name}", Keyword())
        SearchEntry._doc_type.mapping.field(f"labelled_{name}", Keyword())
    return SearchEntry


def to_source(document, type_label=""):
    """The _source of one SearchDocument."""
    facets = {}
    for name, value, label in facet_values(document, type_label):
        if name in ("type", "language", AUDIENCE_FACET):
            continue
        facets.setdefault(f"facet_{name}", []).append(value)
        facets.setdefault(f"labelled_{name}", []).append(
            f"{value}{LABEL_SEPARATOR}{label or value}"
        )
    suggest_inputs = [document.title, *document.tags, *document.municipalities]
    suggest_inputs += list(document.suggest)
    title_terms, meta_terms, body_terms = analysed_fields(document)
    return {
        "doc_type": document.type,
        "title": document.title,
        "summary": document.summary,
        "text": document.text[:MAX_TEXT_LENGTH],
        "title_terms": title_terms,
        "meta_terms": meta_terms,
        "body_terms": body_terms,
        "cue_starts": [cue.start for cue in document.cues],
        "cue_texts": [cue.text for cue in document.cues],
        "url": document.url,
        "language": document.language,
        "tags": list(document.tags),
        "municipalities": list(document.municipalities),
        "audience": list(document.audience),
        "rank": rank_factor(document),
        "date": document.date.isoformat() if document.date else None,
        "checksum": checksum(document),
        "suggest": [{"input": [s for s in suggest_inputs if s][:20]}],
        **facets,
    }


def _field(name, counting=False):
    if name == "type":
        return "doc_type"
    if name == "language":
        return "language"
    return f"labelled_{name}" if counting else f"facet_{name}"


# Field weights of the analysed terms, as the database backend's bm25(10, 4, 1).
TERM_FIELDS = ["title_terms^10", "meta_terms^4", "body_terms"]
MAX_ALTERNATIVES = 80


def word_query(word, fields=TERM_FIELDS):
    """One query word: any of its index terms, the three fields scored as one (IDF
    blended across them, as the database's one weighted bm25 over the columns)."""
    # Each term beside its part form (analysis.part_term): a cut keeps both or none.
    terms = sorted(word.alternatives, key=lambda term: (unmarked(term), term))
    return Q(
        "multi_match",
        query=" ".join(terms[:MAX_ALTERNATIVES]),
        fields=fields,
        type="cross_fields",
        operator="or",
        tie_breaker=0.3,
    )


def text_query(words, mode="and", fields=TERM_FIELDS):
    """What matches: every query word (``mode`` "and") or any of them ("or"), as the
    database backend decides."""
    each = [word_query(word, fields) for word in words]
    if mode == "and":
        return Q("bool", must=each)
    return Q("bool", should=each, minimum_should_match=1)


def filter_clauses(request, exclude=None):
    clauses = [Q("terms", audience=sorted(request.audience))]
    for name, values in sorted(request.filters.items()):
        if name != exclude and values:
            clauses.append(Q("terms", **{_field(name): [str(v) for v in values]}))
    return clauses


def ranking_functions(words, mode="and"):
    """The database backend's ranking factors: the document's rank; every word in
    its title (TITLE_FACTOR), else every word as a whole word in its title or meta
    (META_FACTOR); every word as a whole word anywhere, or in the title
    (WHOLE_FACTOR); the words' own forms, not only their synonym groups
    (EXACT_FACTOR). Their product multiplies the text score."""
    functions = [{"field_value_factor": {"field": "rank", "missing": 1}}]
    if not words:
        return functions
    title_fields = ["title_terms"]
    strong_fields = ["title_terms", "meta_terms"]
    whole = whole_words(words)
    titled = text_query(words, mode, title_fields)
    strong = text_query(whole or words, mode, strong_fields)
    functions += [
        {"filter": titled.to_dict(), "weight": TITLE_FACTOR},
        {
            "filter": Q("bool", filter=[strong], must_not=[titled]).to_dict(),
            "weight": META_FACTOR,
        },
        {
            "filter": (
                Q("bool", should=[text_query(whole, mode), titled]) if whole else titled
            ).to_dict(),
            "weight": WHOLE_FACTOR,
        },
    ]
    exact = exact_words(words)
    if exact:
        functions.append(
            {"filter": text_query(exact, mode).to_dict(), "weight": EXACT_FACTOR}
        )
    return functions


def build_search(index, request, words=None, mode="and"):
    """The Search (request body) of a SearchRequest whose text analyses to ``words``:
    query with the documents' rank, filters, facet aggregations, pagination."""
    if words is None:
        # Without a vocabulary (the backend's search passes decompounded words).
        words = analyse_query(request.text).words if request.text else []
    search = Search(index=index)
    must = [text_query(words, mode)] if words else [Q("match_all")]
    relevance = Q(
        "function_score",
        query=Q("bool", must=must, filter=[filter_clauses(request)[0]]),
        functions=ranking_functions(words, mode),
        score_mode="multiply",
        boost_mode="multiply",
    )
    search = search.query(relevance)
    # The chosen facet values narrow the hits (post_filter) but each facet's counts
    # ignore its own choice.
    post = [c for c in filter_clauses(request)[1:]]
    if post:
        search = search.post_filter(Q("bool", filter=post))
    for name in request.facets:
        others = filter_clauses(request, exclude=name)[1:]
        agg = search.aggs.bucket(
            f"f_{name}",
            "filter",
            filter=Q("bool", filter=others) if others else Q("match_all"),
        )
        agg.bucket(
            "values", "terms", field=_field(name, counting=True), size=MAX_FACET_VALUES
        )
    search = search.source(SOURCE_FIELDS)
    search = search.extra(track_total_hits=True)
    if not words:
        search = search.sort({"rank": "desc"}, {"date": {"order": "desc"}})
    return search[request.offset : request.offset + request.page_size]


# What a hit needs back: its card and what its snippet is cut from.
SOURCE_FIELDS = [
    "doc_type",
    "title",
    "url",
    "language",
    "summary",
    "text",
    "tags",
    "municipalities",
    "date",
    "cue_starts",
    "cue_texts",
]


def _facet_count(name, key, chosen):
    key = str(key)
    value, _, label = key.partition(LABEL_SEPARATOR)
    if name not in LABELLED_FACETS:
        value, label = key, key
    return value, label or value, value in chosen


class EngineBackend(BaseSearchBackend):
    """Dela's search on an Elasticsearch 9 or OpenSearch server."""

    def __init__(self, url=None, index=None, kind=None, **options):
        super().__init__(**options)
        self.connection = EngineConnection(
            url or settings.SEARCH_ENGINE_URL,
            kind=kind or settings.SEARCH_ENGINE_KIND,
        )
        self.alias = index or settings.SEARCH_ENGINE_INDEX
        self._alias_ready = False

    @property
    def url(self):
        return self.connection.url

    @property
    def name(self):
        """ "elasticsearch" or "opensearch" once the server has answered."""
        return self.connection.known_kind or "engine"

    def __str__(self):
        return f"{self.name} at {self.url}"

    def is_available(self):
        return self.connection.ping()

    def info(self):
        """The server's product and version (``EngineInfo``)."""
        return self.connection.info()

    def _actions(self, documents, index):
        from ..registry import registry

        labels = registry.type_labels()
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": document.id,
                "_source": to_source(document, labels.get(document.type, "")),
            }

    # --- Indices --------------------------------------------------------------------

    def _new_index_name(self):
        return f"{self.alias}-{time.time_ns() // 1000}"

    def create_index(self, name):
        """A new concrete index with Dela's mapping."""
        entry = document_class(name)
        self.connection.create_index(name, entry._index.to_dict())
        return entry

    def _ensure_alias(self):
        """Documents written before the first rebuild go to a fresh index behind the
        alias (a server that auto-creates indices would guess the mapping)."""
        if self._alias_ready:
            return
        if not self.connection.alias_targets(self.alias):
            name = self._new_index_name()
            self.create_index(name)
            self.connection.update_aliases(
                [{"add": {"index": name, "alias": self.alias}}]
            )
        self._alias_ready = True

    def index_documents(self, documents):
        documents = list(documents)
        if documents:
            self._ensure_alias()
            self.connection.bulk(self._actions(documents, self.alias), refresh=True)

    def delete_documents(self, doc_ids):
        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": doc_id}
            for doc_id in doc_ids
        ]
        if actions and (self._alias_ready or self.connection.alias_targets(self.alias)):
            self.connection.bulk(actions, raise_on_error=False, refresh=True)

    def rebuild(self, documents, progress=None):
        """Index everything into a new index, then swap the alias to it in one step:
        searches answer from the old index until the new one is complete."""
        new_index = self._new_index_name()
        self.create_index(new_index)
        done = 0
        try:
            for ok, item in self.connection.streaming_bulk(
                self._actions(documents, new_index), chunk_size=500
            ):
                if not ok:  # pragma: no cover - streaming_bulk raises first
                    raise RuntimeError(f"Search: not indexed: {item}")
                done += 1
                if progress:
                    progress(done)
            self.connection.refresh(new_index)
        except Exception:
            try:
                self.connection.delete_index(new_index)
            except Exception:  # the server is gone: the next rebuild removes it
                logger.warning("Search: could not remove the half-built %s", new_index)
            raise
        old = self.connection.alias_targets(self.alias)
        actions = [{"add": {"index": new_index, "alias": self.alias}}]
        actions += [{"remove": {"index": name, "alias": self.alias}} for name in old]
        self.connection.update_aliases(actions)
        # The replaced index, and any half-built one an interrupted rebuild left.
        for name in self.connection.indices(f"{self.alias}-*"):
            if name != new_index:
                self.connection.delete_index(name)
        self._alias_ready = True
        return done

    def indexed_checksums(self):
        if not self.connection.alias_targets(self.alias):
            return {}
        return {
            hit["_id"]: hit["_source"].get("checksum")
            for hit in self.connection.scan(self.alias, _source=["checksum"])
        }

    # --- Searching ------------------------------------------------------------------

    def _run(self, request, words, mode="and"):
        body = build_search(self.alias, request, words, mode).to_dict()
        response = self.connection.search(self.alias, body)
        return self._results(request, response, words)

    def search(self, request):
        """What matches is decided as on the database backend: every word (each by
        any of its analysed terms); nothing found, the vocabulary's correction of the
        words ("did you mean"); still nothing, any of the words."""
        words = compounds.analyse(request.text).words
        if not words and not request.filters:
            return SearchResults.empty(request, backend=self.name)
        results = self._run(request, words)
        if results.total == 0 and words:
            corrected = spelling.corrected(words)
            if corrected is not None:
                fixed = self._run(request, corrected)
                if fixed.total:
                    fixed.suggestion = compounds.query_text(corrected)
                    return fixed
            if len(words) > 1:
                anyword = self._run(request, words, mode="or")
                if anyword.total:
                    return anyword
        return results

    def _results(self, request, response, words):
        terms = set()
        for word in words:
            terms |= word.alternatives
        hits = []
        for raw in response["hits"]["hits"]:
            source = raw["_source"]
            cues = list(
                zip(
                    source.get("cue_starts") or [],
                    source.get("cue_texts") or [],
                    strict=False,
                )
            )
            language = source.get("language", "")
            snippet, title_html, cue_start = hit_snippets(
                source["title"],
                source.get("summary", ""),
                source.get("text", ""),
                cues,
                terms,
                language,
            )
            hits.append(
                SearchHit(
                    doc_id=raw["_id"],
                    type=source["doc_type"],
                    title=source["title"],
                    url=source["url"],
                    language=language,
                    summary=source.get("summary", ""),
                    tags=source.get("tags", []),
                    municipalities=source.get("municipalities", []),
                    snippet=snippet,
                    title_html=title_html,
                    score=raw.get("_score") or 0.0,
                    cue_start=cue_start,
                    date=parse_datetime(source["date"]) if source.get("date") else None,
                )
            )
        facets = {}
        aggregations = response.get("aggregations", {})
        for name in request.facets:
            buckets = aggregations.get(f"f_{name}", {}).get("values", {}).get("buckets")
            chosen = {str(v) for v in request.filters.get(name, [])}
            rows = []
            for bucket in buckets or []:
                value, label, selected = _facet_count(name, bucket["key"], chosen)
                rows.append(FacetCount(value, label, bucket["doc_count"], selected))
            rows += [
                FacetCount(value, label, 0, True)
                for value, label in chosen_without_results(
                    name, sorted(chosen), [row.value for row in rows]
                )
            ]
            facets[name] = rows
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else total
        return SearchResults(
            request=request, total=total, hits=hits, facets=facets, backend=self.name
        )

    def autocomplete(self, prefix, audience, limit=8):
        prefix = " ".join(prefix.split())[:60]
        if len(prefix) < 2:
            return []
        body = {
            "suggest": {
                "titles": {
                    "prefix": prefix,
                    "completion": {
                        "field": "suggest",
                        "size": limit,
                        "skip_duplicates": True,
                        "fuzzy": {"fuzziness": "AUTO"},
                        "contexts": {"audience": sorted(audience) or ["public"]},
                    },
                }
            },
            "_source": ["title", "url", "doc_type"],
        }
        response = self.connection.search(self.alias, body)
        completions = []
        for option in response["suggest"]["titles"][0]["options"]:
            source = option.get("_source", {})
            if option["text"] == source.get("title"):
                kind = "ambassador" if source.get("doc_type") in PEOPLE else "title"
                completions.append(Completion(option["text"], kind, source["url"]))
            else:
                completions.append(Completion(option["text"], "tag"))
        return completions[:limit]


PEOPLE = ("profile", "ambassador", "person")
