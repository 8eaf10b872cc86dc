"""The search-engine backend: Elasticsearch 9 or OpenSearch 2.x/3.x, with mappings and
queries built by ``elasticsearch.dsl`` and sent through ``connection.EngineConnection``
(the official Elasticsearch client or ``opensearch-py``, whichever the server is).

The same Nordic handling as the database backend, expressed as engine analysis built
from the same shipped word lists: per-language analysers (Snowball Swedish, Norwegian,
Danish, English) with the cross-Scandinavian synonyms, the compound lexicon (dictionary
decompounder) and folding (å/ä/æ → a, ö/ø → o). Facets are aggregations (each ignoring
its own choice), snippets come from the highlighter, autocomplete from a completion
suggester with the audience as a context (so it never proposes what the asker may not
see), "did you mean" from the shared vocabulary (search/spelling.py), and rebuilds go
to a new index that an alias is then swapped to, so searches never see a half-built
index.

``make test`` runs the shared backend tests, the lifecycle tests and the Nordic
relevance evaluation against a live OpenSearch node (scripts/opensearch/); the
Elasticsearch 9 side is tested on its request bodies and client choice.
"""

from __future__ import annotations

import html
import logging
import re
import time
from dataclasses import replace

from django.conf import settings
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
    token_filter,
)

from .. import spelling
from ..analysis import analyse_query, lexicon_spellings, shipped_synonym_groups
from ..documents import checksum, facet_values
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
SNOWBALL = {"sv": "Swedish", "nb": "Norwegian", "da": "Danish", "en": "English"}
FIELD_LANGUAGES = tuple(SNOWBALL)
MAX_FACET_VALUES = 20
# Facets whose values carry a label of their own (type and language are labelled by the
# registry and the settings): filtered on ``facet_NAME``, counted on ``labelled_NAME``,
# whose terms are "value<LABEL_SEPARATOR>label".
LABELLED_FACETS = tuple(n for n in FACET_NAMES if n not in ("type", "language"))
LABEL_SEPARATOR = "\x1f"

fold_letters = char_filter(
    "dela_fold_letters",
    type="mapping",
    mappings=["æ=>a", "Æ=>a", "ø=>o", "Ø=>o", "ß=>ss"],
)


# After stemming (the stemmers need their letters): æ → a; asciifolding does the rest
# (å/ä → a, ö/ø → o) as the database backend's analysis.fold does.
fold_ae = token_filter(
    "dela_fold_ae", type="pattern_replace", pattern="æ", replacement="a"
)


def _synonym_filter(extra_groups=()):
    groups = [*shipped_synonym_groups(), *extra_groups]
    return token_filter(
        "dela_synonyms",
        type="synonym",
        lenient=True,
        synonyms=[", ".join(terms) for terms in groups if len(terms) > 1],
    )


decompound = token_filter(
    "dela_decompound",
    type="dictionary_decompounder",
    word_list=sorted(lexicon_spellings()),
    min_subword_size=3,
    only_longest_match=False,
)


def language_analyzer(language, extra_groups=()):
    """Lowercase → synonyms → compound parts → Snowball stem → folding."""
    return analyzer(
        f"dela_{language}",
        tokenizer="standard",
        filter=[
            "lowercase",
            _synonym_filter(extra_groups),
            decompound,
            token_filter(
                f"dela_stem_{language}", type="snowball", language=SNOWBALL[language]
            ),
            fold_ae,
            "asciifolding",
        ],
    )


# Folding only (no stems): for autocomplete-like matching of names.
folding_analyzer = analyzer(
    "dela_folding",
    tokenizer="standard",
    char_filter=[fold_letters],
    filter=["lowercase", "asciifolding"],
)


def _multilingual_text(extra_groups=()):
    return Text(
        analyzer=folding_analyzer,
        fields={
            language: Text(analyzer=language_analyzer(language, extra_groups))
            for language in FIELD_LANGUAGES
        },
    )


def document_class(index_name, extra_groups=()):
    """The Document class for one concrete index (analysers depend on synonyms)."""

    class SearchEntry(Document):
        doc_type = Keyword()
        title = _multilingual_text(extra_groups)
        summary = _multilingual_text(extra_groups)
        text = _multilingual_text(extra_groups)
        cues = _multilingual_text(extra_groups)
        url = Keyword(index=False)
        language = Keyword()
        tags = Keyword()
        municipalities = Keyword()
        audience = Keyword()
        boost = Float()
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
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

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
    return {
        "doc_type": document.type,
        "title": document.title,
        "summary": document.summary,
        "text": document.text[:100_000],
        "cues": " ".join(cue.text for cue in document.cues),
        "cue_starts": [cue.start for cue in document.cues],
        "cue_texts": [cue.text for cue in document.cues],
        "url": document.url,
        "language": document.language,
        "tags": list(document.tags),
        "municipalities": list(document.municipalities),
        "audience": list(document.audience),
        "boost": float(document.boost or 1.0),
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


def text_query(text):
    """The relevance part: every language's analysis of title (×3), summary (×2),
    body and captions, typo tolerant."""
    fields = []
    for language in FIELD_LANGUAGES:
        fields += [
            f"title.{language}^3",
            f"summary.{language}^2",
            f"text.{language}",
            f"cues.{language}",
        ]
    fields += ["title^3", "summary", "text", "cues"]
    return Q(
        "multi_match",
        query=text,
        fields=fields,
        type="most_fields",
        operator="or",
        fuzziness="AUTO",
        prefix_length=1,
        minimum_should_match="75%",
    )


def filter_clauses(request, exclude=None):
    clauses = [Q("terms", audience=sorted(request.audience))]
    for name, values in sorted(request.filters.items()):
        if name != exclude and values:
            clauses.append(Q("terms", **{_field(name): [str(v) for v in values]}))
    return clauses


def build_search(index, request):
    """The Search (request body) of a SearchRequest: query with boosts, filters,
    facet aggregations, highlighting, pagination."""
    search = Search(index=index)
    must = [text_query(request.text)] if request.text else [Q("match_all")]
    relevance = Q(
        "function_score",
        query=Q("bool", must=must, filter=[filter_clauses(request)[0]]),
        functions=[
            {"field_value_factor": {"field": "boost", "missing": 1}},
            {"gauss": {"date": {"scale": "730d", "decay": 0.8}}, "weight": 0.3},
        ],
        score_mode="sum",
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
    search = search.highlight("title.*", "summary.*", "text.*", "cues.*")
    search = search.highlight_options(
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        fragment_size=200,
        number_of_fragments=1,
        encoder="html",
    )
    search = search.extra(track_total_hits=True)
    return search[request.offset : request.offset + request.page_size]


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
            url or getattr(settings, "SEARCH_ENGINE_URL", ""),
            kind=kind or getattr(settings, "SEARCH_ENGINE_KIND", "auto"),
        )
        self.alias = index or getattr(settings, "SEARCH_ENGINE_INDEX", "dela-search")
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

    def _labels(self):
        from ..registry import registry

        return {t.name: str(t.label or t.name) for t in registry.types()}

    def _actions(self, documents, index):
        labels = self._labels()
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
        """A new concrete index with Dela's analysis (the editors' synonyms too)."""
        from ..synonyms import groups

        entry = document_class(name, [terms for _, terms in groups()])
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
        if actions and self.connection.alias_targets(self.alias):
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
            self.connection.call(
                self.connection.client.indices.delete,
                index=new_index,
                ignore_unavailable=True,
            )
            raise
        old = self.connection.alias_targets(self.alias)
        actions = [{"add": {"index": new_index, "alias": self.alias}}]
        actions += [{"remove": {"index": name, "alias": self.alias}} for name in old]
        self.connection.update_aliases(actions)
        for name in old:
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

    def _run(self, request):
        body = build_search(self.alias, request).to_dict()
        return self._results(request, self.connection.search(self.alias, body))

    def search(self, request):
        if not request.text and not request.filters:
            return SearchResults.empty(request, backend=self.name)
        if not self.connection.alias_targets(self.alias):
            return SearchResults.empty(request, backend=self.name)
        results = self._run(request)
        words = analyse_query(request.text).words if request.text else []
        if words:
            # The engine forgives typos itself (fuzzy matching); "did you mean" is the
            # shared vocabulary's, as on the database backend. A query that found
            # nothing is asked again as corrected.
            fixed = spelling.suggestion(words)
            if fixed and fixed != request.text:
                results.suggestion = fixed
                if not results.total:
                    corrected = self._run(replace(request, text=fixed))
                    if corrected.total:
                        corrected.suggestion = fixed
                        results = corrected
        return results

    def _results(self, request, response):
        hits = []
        for raw in response["hits"]["hits"]:
            source = raw["_source"]
            highlight = raw.get("highlight", {})
            snippet = next(
                (v[0] for k, v in highlight.items() if not k.startswith("title")), ""
            )
            title_html = next(
                (v[0] for k, v in highlight.items() if k.startswith("title")), ""
            )
            cue_start = None
            cue_highlight = next(
                (v[0] for k, v in highlight.items() if k.startswith("cues")), ""
            )
            if cue_highlight:
                cue_start = _cue_start(source, cue_highlight)
                snippet = cue_highlight
            hits.append(
                SearchHit(
                    doc_id=raw["_id"],
                    type=source["doc_type"],
                    title=source["title"],
                    url=source["url"],
                    language=source.get("language", ""),
                    summary=source.get("summary", ""),
                    tags=source.get("tags", []),
                    municipalities=source.get("municipalities", []),
                    snippet=snippet,
                    title_html=title_html,
                    score=raw.get("_score") or 0.0,
                    cue_start=cue_start,
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
            shown = {row.value for row in rows}
            rows += [FacetCount(value, value, 0, True) for value in chosen - shown]
            facets[name] = rows
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else total
        return SearchResults(
            request=request, total=total, hits=hits, facets=facets, backend=self.name
        )

    def autocomplete(self, prefix, audience, limit=8):
        prefix = " ".join(prefix.split())[:60]
        if len(prefix) < 2 or not self.connection.alias_targets(self.alias):
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


def _cue_start(source, highlighted):
    """Where in the film the highlighted caption words are said: the first cue that
    holds a word the highlighter marked."""
    marked = [m.lower() for m in re.findall(r"<mark>(.*?)</mark>", highlighted)]
    starts = source.get("cue_starts") or []
    texts = source.get("cue_texts") or []
    for start, text in zip(starts, texts, strict=False):
        if any(word in html.escape(text).lower() for word in marked):
            return start
    return starts[0] if starts else None
