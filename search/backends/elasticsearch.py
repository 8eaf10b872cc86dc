"""The Elasticsearch backend, built on ``elasticsearch.dsl``.

The same Nordic handling as the database backend, expressed as Elasticsearch analysis
built from the same shipped word lists: per-language analysers (Snowball Swedish,
Norwegian, Danish, English) with the cross-Scandinavian synonyms, the compound
lexicon (dictionary decompounder) and folding (å/ä/æ → a, ö/ø → o). Facets are
aggregations (each ignoring its own choice), snippets come from the highlighter,
autocomplete from a completion suggester with the audience as a context (so it never
proposes what the asker may not see), and rebuilds go to a new index that an alias is
then swapped to, so searches never see a half-built index.

No server runs on the development machines: tests check the mappings and the request
bodies built here, and the shared backend tests run against a live server only where
``ELASTICSEARCH_URL`` is set.
"""

from __future__ import annotations

import logging
import time

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

from ..analysis import lexicon, shipped_synonym_groups
from ..documents import checksum, facet_values
from .base import (
    AUDIENCE_FACET,
    FACET_NAMES,
    BaseSearchBackend,
    Completion,
    FacetCount,
    SearchHit,
    SearchResults,
    SearchUnavailable,
)

logger = logging.getLogger(__name__)
SNOWBALL = {"sv": "Swedish", "nb": "Norwegian", "da": "Danish", "en": "English"}
FIELD_LANGUAGES = tuple(SNOWBALL)
MAX_FACET_VALUES = 20

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
    word_list=sorted(lexicon()),
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
        facet_labels = Keyword(index=False)
        cue_starts = Float(index=False)
        cue_texts = Keyword(index=False)

        class Index:
            name = index_name
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

    for name in FACET_NAMES:
        if name not in ("type", "language"):
            SearchEntry._doc_type.mapping.field(f"facet_{name}", Keyword())
    return SearchEntry


def to_source(document, type_label=""):
    """The _source of one SearchDocument."""
    facets = {}
    labels = {}
    for name, value, label in facet_values(document, type_label):
        if name in ("type", "language", AUDIENCE_FACET):
            continue
        facets.setdefault(f"facet_{name}", []).append(value)
        labels[f"{name}:{value}"] = label
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
        "facet_labels": [f"{k}={v}" for k, v in labels.items()],
        **facets,
    }


def _field(name):
    return (
        "doc_type"
        if name == "type"
        else ("language" if name == "language" else f"facet_{name}")
    )


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
        agg.bucket("values", "terms", field=_field(name), size=MAX_FACET_VALUES)
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


class ElasticsearchBackend(BaseSearchBackend):
    name = "elasticsearch"

    def __init__(self, url=None, index=None, **options):
        super().__init__(**options)
        self.url = url or getattr(settings, "ELASTICSEARCH_URL", "")
        self.alias = index or getattr(
            settings, "ELASTICSEARCH_SEARCH_INDEX", "dela-search"
        )
        self._client = None

    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(self.url, request_timeout=5, max_retries=0)
        return self._client

    def _call(self, function, *args, **kwargs):
        import elastic_transport

        try:
            return function(*args, **kwargs)
        except (
            elastic_transport.ConnectionError,
            elastic_transport.ConnectionTimeout,
        ) as exc:
            raise SearchUnavailable(str(exc)) from exc

    def is_available(self):
        try:
            return bool(self.client.ping())
        except Exception:
            return False

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

    def index_documents(self, documents):
        from elasticsearch import helpers

        documents = list(documents)
        if documents:
            self._call(helpers.bulk, self.client, self._actions(documents, self.alias))

    def delete_documents(self, doc_ids):
        from elasticsearch import helpers

        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": doc_id}
            for doc_id in doc_ids
        ]
        if actions:
            self._call(helpers.bulk, self.client, actions, raise_on_error=False)

    def create_index(self, name):
        from ..synonyms import groups

        entry = document_class(name, [terms for _, terms in groups()])
        self._call(entry.init, using=self.client)
        return entry

    def rebuild(self, documents, progress=None):
        """Index everything into a new index, then swap the alias to it."""
        from elasticsearch import helpers

        new_index = f"{self.alias}-{int(time.time() * 1000)}"
        self.create_index(new_index)
        done = 0
        for _ok, _item in self._call(
            helpers.streaming_bulk,
            self.client,
            self._actions(documents, new_index),
            chunk_size=500,
        ):
            done += 1
            if progress:
                progress(done)
        self._call(self.client.indices.refresh, index=new_index)
        old = []
        if self._call(self.client.indices.exists_alias, name=self.alias):
            old = list(self._call(self.client.indices.get_alias, name=self.alias))
        actions = [{"add": {"index": new_index, "alias": self.alias}}]
        actions += [{"remove": {"index": name, "alias": self.alias}} for name in old]
        self._call(self.client.indices.update_aliases, actions=actions)
        for name in old:
            self._call(self.client.indices.delete, index=name)
        return done

    def indexed_checksums(self):
        from elasticsearch import helpers

        return {
            hit["_id"]: hit["_source"].get("checksum")
            for hit in self._call(
                helpers.scan,
                self.client,
                index=self.alias,
                _source=["checksum"],
            )
        }

    def search(self, request):
        if not request.text and not request.filters:
            return SearchResults.empty(request, backend=self.name)
        body = build_search(self.alias, request).to_dict()
        response = self._call(self.client.search, index=self.alias, **body)
        return self._results(request, response)

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
            if any(k.startswith("cues") for k in highlight):
                cue_start = (source.get("cue_starts") or [None])[0]
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
        for name in request.facets:
            buckets = (
                response.get("aggregations", {})
                .get(f"f_{name}", {})
                .get("values", {})
                .get("buckets", [])
            )
            chosen = [str(v) for v in request.filters.get(name, [])]
            facets[name] = [
                FacetCount(
                    str(b["key"]),
                    str(b["key"]),
                    b["doc_count"],
                    str(b["key"]) in chosen,
                )
                for b in buckets
            ]
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else total
        return SearchResults(
            request=request, total=total, hits=hits, facets=facets, backend=self.name
        )

    def autocomplete(self, prefix, audience, limit=8):
        body = {
            "suggest": {
                "titles": {
                    "prefix": prefix,
                    "completion": {
                        "field": "suggest",
                        "size": limit,
                        "skip_duplicates": True,
                        "fuzzy": {"fuzziness": "AUTO"},
                        "contexts": {"audience": sorted(audience)},
                    },
                }
            },
            "_source": ["title", "url", "doc_type"],
        }
        response = self._call(self.client.search, index=self.alias, **body)
        completions = []
        for option in response["suggest"]["titles"][0]["options"]:
            source = option.get("_source", {})
            if option["text"] == source.get("title"):
                completions.append(Completion(option["text"], "title", source["url"]))
            else:
                completions.append(Completion(option["text"], "tag"))
        return completions[:limit]
