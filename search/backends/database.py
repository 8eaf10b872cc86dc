"""The embedded backend: SQLite FTS5 or PostgreSQL full-text search over analysed terms.

Documents are analysed in Python (search/analysis.py) into plain terms, so the SQL
side only matches terms: FTS5 with the unicode61 tokeniser, PostgreSQL with the
"simple" configuration (migration 0002). What a visitor typed never reaches either
syntax: a query becomes terms of letters and digits, each passed as a quoted FTS5 string
or a bound ``plainto_tsquery`` parameter. Visibility, facet filters, counts and
suggestions are all one SQL statement each with the audience condition inside it.

Speed (benchmarks/bench_search.py, 100,000 documents, words in a fifth of them): SQLite
answers in about 0.8 s at p95. On PostgreSQL the planner would scan every tsvector for
such common words (5 s at p95); searches therefore steer it to the GIN index, and
ts_rank reading each matched vector remains the main cost. Next steps there: rank a
capped set of candidates, keep the body's terms out of the ranked vector, or use
Elasticsearch.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from .. import compounds, spelling
from ..analysis import (
    EXACT_FACTOR,
    META_FACTOR,
    TITLE_FACTOR,
    exact_words,
    fold,
    vocabulary_words,
)
from ..documents import (
    analysed_fields,
    checksum,
    facet_values,
    hit_snippets,
    rank_factor,
)
from ..registry import registry
from .base import (
    AUDIENCE_FACET,
    BaseSearchBackend,
    Completion,
    FacetCount,
    SearchHit,
    SearchResults,
)

logger = logging.getLogger(__name__)
ENTRY = "dela_search_indexentry"
FACET = "dela_search_indexfacet"
FTS = "dela_search_fts"
MAX_FACET_VALUES = 20
MAX_ALTERNATIVES = 80
CHUNK = 500
INDEX_ATTEMPTS = 3  # index_documents: tries when another worker indexes the same rows
# Facets whose value is also a column of the entry (documents.facet_values: the
# document's type and language), filtered on that column.
ENTRY_COLUMNS = ("type", "language")
# How many of a search's matches are ranked precisely (SEARCH_RANK_CANDIDATES).
RANK_CANDIDATES = 1000


def rank_candidates():
    """The SEARCH_RANK_CANDIDATES setting (at least 1)."""
    return max(1, int(getattr(settings, "SEARCH_RANK_CANDIDATES", RANK_CANDIDATES)))


class DatabaseBackend(BaseSearchBackend):
    name = "database"

    # --- Indexing -------------------------------------------------------------------

    def _entry(self, document):
        from ..models import IndexEntry

        title_terms, meta_terms, body_terms = analysed_fields(document)
        return IndexEntry(
            doc_id=document.id[:200],
            type=document.type,
            key=str(document.key)[:150],
            title=document.title[:500],
            url=document.url[:1000],
            language=document.language or "",
            summary=document.summary or "",
            text=(document.text or "")[:60_000],
            tags=list(document.tags),
            municipalities=list(document.municipalities),
            cues=[{"start": cue.start, "text": cue.text} for cue in document.cues],
            boost=float(document.boost or 1.0),
            rank=rank_factor(document),
            date=document.date,
            title_terms=title_terms,
            meta_terms=meta_terms,
            body_terms=body_terms,
            audience="|" + "|".join(sorted(set(document.audience))) + "|",
            checksum=checksum(document),
        )

    def _write(self, documents, labels):
        """Insert entries for ``documents`` (none of which is in the index)."""
        from ..models import IndexEntry, IndexFacet

        entries = [self._entry(document) for document in documents]
        if connection.features.can_return_rows_from_bulk_insert:
            IndexEntry.objects.bulk_create(entries)
        else:  # pragma: no cover - both supported databases return ids
            for entry in entries:
                entry.save()
        facets = [
            IndexFacet(entry=entry, name=name, value=value, label=label)
            for entry, document in zip(entries, documents, strict=True)
            for name, value, label in facet_values(
                document, labels.get(document.type, "")
            )
            if name != AUDIENCE_FACET
        ]
        IndexFacet.objects.bulk_create(facets, batch_size=2000)

    def index_documents(self, documents):
        from ..models import IndexEntry

        documents = list(documents)
        if not documents:
            return
        # Two workers may index the same document at once. On PostgreSQL the second
        # one's delete waits for the first, does not see the rows the first inserted
        # and its insert then collides with them: it tries again, and its delete sees
        # them now. (SQLite lets one writer in at a time.)
        for attempt in range(1, INDEX_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    IndexEntry.objects.filter(
                        doc_id__in=[d.id for d in documents]
                    ).delete()
                    self._write(documents, registry.type_labels())
                    self._add_words(documents)
                return
            except IntegrityError:
                if attempt == INDEX_ATTEMPTS:
                    raise

    def delete_documents(self, doc_ids):
        from ..models import IndexEntry

        IndexEntry.objects.filter(doc_id__in=list(doc_ids)).delete()

    def _add_words(self, documents):
        from ..models import IndexWord

        spellings = {}
        for document in documents:
            text = (
                f"{document.title} {document.summary} {' '.join(document.tags)} "
                f"{document.text[:20_000]}"
            )
            for folded, written in vocabulary_words(text):
                spellings.setdefault(folded, written)
        IndexWord.objects.bulk_create(
            [
                IndexWord(word=w, spelling=written, head=w[:2], size=len(w))
                for w, written in spellings.items()
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )

    def rebuild(self, documents, progress=None):
        """Bring the index to exactly ``documents``: unchanged ones stay, changed ones
        are rewritten, missing ones removed; the vocabulary is recounted. One
        transaction, so searches see the old index until it is done."""
        from ..models import IndexEntry, IndexWord

        labels = registry.type_labels()
        known = dict(IndexEntry.objects.values_list("doc_id", "checksum"))
        seen = set()
        vocabulary = Counter()  # folded word -> documents
        spellings = Counter()  # (folded word, spelling) -> documents
        done = 0
        with transaction.atomic():
            batch = []
            for document in documents:
                seen.add(document.id)
                pairs = set(
                    vocabulary_words(
                        f"{document.title} {document.summary} "
                        f"{' '.join(document.tags)} {document.text[:20_000]}"
                    )
                )
                vocabulary.update({folded for folded, _spelling in pairs})
                spellings.update(pairs)
                if known.get(document.id) != checksum(document):
                    batch.append(document)
                if len(batch) >= CHUNK:
                    self._replace(batch, labels)
                    batch = []
                done += 1
                if progress:
                    progress(done)
            if batch:
                self._replace(batch, labels)
            gone = [doc_id for doc_id in known if doc_id not in seen]
            for start in range(0, len(gone), CHUNK):
                self.delete_documents(gone[start : start + CHUNK])
            IndexWord.objects.all().delete()
            written = {}  # the most common spelling of each folded word
            for (folded, spelling), _n in spellings.most_common():
                written.setdefault(folded, spelling)
            IndexWord.objects.bulk_create(
                [
                    IndexWord(
                        word=w,
                        spelling=written.get(w, ""),
                        head=w[:2],
                        size=len(w),
                        frequency=n,
                    )
                    for w, n in vocabulary.items()
                ],
                batch_size=2000,
                ignore_conflicts=True,
            )
        return done

    def _replace(self, documents, labels):
        from ..models import IndexEntry

        IndexEntry.objects.filter(doc_id__in=[d.id for d in documents]).delete()
        self._write(documents, labels)

    def indexed_checksums(self):
        from ..models import IndexEntry

        return dict(IndexEntry.objects.values_list("doc_id", "checksum"))

    # --- Matching -------------------------------------------------------------------

    @property
    def vendor(self):
        return connection.vendor

    def _match(self, words, mode="and"):
        """(SQL condition on ``e``, params) matching analysed query ``words``."""
        groups = [sorted(word.alternatives)[:MAX_ALTERNATIVES] for word in words]
        groups = [group for group in groups if group]
        if self.vendor == "postgresql":
            parts, params = [], []
            for group in groups:
                ors = " || ".join(["plainto_tsquery('simple', %s)"] * len(group))
                parts.append(f"({ors})")
                params.extend(group)
            joiner = " && " if mode == "and" else " || "
            return f"e.vector @@ ({joiner.join(parts)})", params
        expression = self._fts5_expression(groups, mode)
        return (
            f"e.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)",
            [expression],
        )

    @staticmethod
    def _fts5_expression(groups, mode):
        # Terms are letters and digits only (analysis.tokenize); quoting them makes
        # them plain strings for FTS5 whatever they are.
        def quote(term):
            return '"' + term.replace('"', '""') + '"'

        parts = ["(" + " OR ".join(quote(t) for t in group) + ")" for group in groups]
        return (" AND " if mode == "and" else " OR ").join(parts)

    @staticmethod
    def _audience(audience):
        """(SQL, params): the entry's audience shares a token with ``audience``."""
        tokens = sorted(audience) or ["public"]
        like = " OR ".join(["e.audience LIKE %s ESCAPE '!'"] * len(tokens))
        params = [
            "%|" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "|%"
            for t in tokens
        ]
        return f"({like})", params

    def _filters(self, request, exclude=None):
        condition, params = self._audience(request.audience)
        conditions = [condition]
        for name, values in sorted(request.filters.items()):
            if name == exclude or not values:
                continue
            if name in ENTRY_COLUMNS:
                # The entry's own column holds the same value as its facet row: no
                # subquery over the facet rows (on PostgreSQL the planner misjudged
                # that one badly for the language filter).
                conditions.append(f"e.{name} IN ({', '.join(['%s'] * len(values))})")
                params += [str(v) for v in values]
                continue
            conditions.append(
                f"e.id IN (SELECT entry_id FROM {FACET} WHERE name = %s AND value IN "
                f"({', '.join(['%s'] * len(values))}))"
            )
            params += [name, *[str(v) for v in values]]
        return conditions, params

    def _where(self, request, words, mode, exclude=None, match=True):
        conditions, params = [], []
        if words and match:
            match_sql, match_params = self._match(words, mode)
            conditions.append(match_sql)
            params += match_params
        filter_sql, filter_params = self._filters(request, exclude)
        conditions += filter_sql
        params += filter_params
        return " AND ".join(conditions), params

    def _count(self, request, words, mode):
        where, params = self._where(request, words, mode)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {ENTRY} e WHERE {where}", params)
            return cursor.fetchone()[0]

    def _ranked(self, request, words, mode):
        """(ids of the requested page, total): one statement, the total counted over
        every match.

        The full score (``ts_rank`` / ``bm25`` times the document's rank and the
        title, meta and exact-word factors) is computed for a bounded set of
        candidates only: the matches are first ordered by a cheap score that reads
        no document's full term list, and the best ``SEARCH_RANK_CANDIDATES`` of them
        are ranked precisely. Hits past the candidates (deep pages) follow the cheap
        order, so paging never repeats or skips a hit; the total stays exact.
        """
        limit = [request.page_size, request.offset]
        if not words:
            where, params = self._where(request, words, mode)
            sql = (
                f"SELECT e.id, COUNT(*) OVER () FROM {ENTRY} e WHERE {where} "
                "ORDER BY e.rank DESC, e.date DESC, e.id LIMIT %s OFFSET %s"
            )
        else:
            cap = rank_candidates()
            # Rows to fetch from the cheap order: the candidates, or a deeper page.
            reach = max(cap, request.offset + request.page_size)
            ranked = (
                self._ranked_postgresql
                if self.vendor == "postgresql"
                else self._ranked_sqlite
            )
            sql, params = ranked(request, words, mode, reach, cap)
        with connection.cursor() as cursor:
            cursor.execute(sql, params + limit)
            rows = cursor.fetchall()
        if rows:
            return [row[0] for row in rows], rows[0][1]
        if request.page > 1:  # past the last page: the total still counts
            return [], self._count(request, words, mode)
        return [], 0

    def _ranked_postgresql(self, request, words, mode, reach, cap):
        """PostgreSQL: the GIN index finds the matches without reading their
        tsvectors. The cheap score is the document's rank times the title or meta
        factor, tested on the short title and meta term columns (the lexemes of the
        vector's A and B weights, so the same test as ``ts_filter`` on the vector).
        Only the candidates' tsvectors are read, by ``ts_rank``."""
        where, params = self._where(request, words, mode)
        query_sql, query_params = self._match(words, mode)
        tsquery = query_sql.split("@@", 1)[1]
        exact = exact_words(words)
        exact_sql, exact_params = self._match(exact, mode) if exact else ("", [])
        exact_factor = (
            f"(CASE WHEN {exact_sql} THEN {EXACT_FACTOR} ELSE 1 END)" if exact else "1"
        )
        sql = (
            "WITH matched AS MATERIALIZED (SELECT e.id, e.rank * (CASE WHEN "
            f"to_tsvector('simple', e.title_terms) @@ {tsquery} THEN {TITLE_FACTOR} "
            "WHEN to_tsvector('simple', e.title_terms || ' ' || e.meta_terms) @@ "
            f"{tsquery} THEN {META_FACTOR} ELSE 1 END) AS cheap "
            f"FROM {ENTRY} e WHERE {where}), "
            "ordered AS MATERIALIZED (SELECT id, cheap, ROW_NUMBER() OVER "
            "(ORDER BY cheap DESC, id) AS position, COUNT(*) OVER () AS total "
            "FROM matched) "
            f"SELECT e.id, o.total FROM ordered o JOIN {ENTRY} e ON e.id = o.id "
            "WHERE o.position <= %s ORDER BY o.position > %s, "
            "(CASE WHEN o.position <= %s THEN "
            f"ts_rank('{{0.1, 0.2, 0.4, 1.0}}', e.vector, {tsquery}) * o.cheap "
            f"* {exact_factor} END) DESC, o.position LIMIT %s OFFSET %s"
        )
        return sql, [
            *query_params,
            *query_params,
            *params,
            reach,
            cap,
            cap,
            *query_params,
            *exact_params,
        ]

    def _ranked_sqlite(self, request, words, mode, reach, cap):
        """SQLite: FTS5 scores every match with bm25() in C over its own index (no
        entry is read for it); the cheap score is that bm25 (title weighted 10, meta
        4, body 1) times the document's rank. The title, meta and exact-word tests,
        three more FTS5 queries, are made for the candidates only."""
        where, params = self._where(request, words, mode, match=False)
        expression = self._fts5_expression(
            [sorted(w.alternatives)[:MAX_ALTERNATIVES] for w in words], mode
        )
        exact = exact_words(words)
        exact_expression = (
            self._fts5_expression(
                [sorted(w.alternatives)[:MAX_ALTERNATIVES] for w in exact], mode
            )
            if exact
            else '"zzzznothing"'
        )
        # bm25 is negative (lower is better): the factors make it more so.
        sql = (
            f"WITH matches AS MATERIALIZED (SELECT rowid AS id, "
            f"bm25({FTS}, 10.0, 4.0, 1.0) AS score FROM {FTS} "
            f"WHERE {FTS} MATCH %s), "
            "ordered AS MATERIALIZED (SELECT e.id, matches.score * e.rank AS cheap, "
            "ROW_NUMBER() OVER (ORDER BY matches.score * e.rank, e.id) AS position, "
            "COUNT(*) OVER () AS total "
            f"FROM matches JOIN {ENTRY} e ON e.id = matches.id WHERE {where}), "
            "candidates AS MATERIALIZED (SELECT * FROM ordered WHERE position <= %s), "
            f"titled AS MATERIALIZED (SELECT rowid AS id FROM {FTS} "
            f"WHERE {FTS} MATCH %s AND rowid IN (SELECT id FROM candidates)), "
            f"strong AS MATERIALIZED (SELECT rowid AS id FROM {FTS} "
            f"WHERE {FTS} MATCH %s AND rowid IN (SELECT id FROM candidates)), "
            f"exact AS MATERIALIZED (SELECT rowid AS id FROM {FTS} "
            f"WHERE {FTS} MATCH %s AND rowid IN (SELECT id FROM candidates)) "
            "SELECT c.id, c.total FROM candidates c ORDER BY c.position > %s, "
            "(CASE WHEN c.position <= %s THEN c.cheap "
            f"* (CASE WHEN c.id IN (SELECT id FROM titled) THEN {TITLE_FACTOR} "
            f"WHEN c.id IN (SELECT id FROM strong) THEN {META_FACTOR} ELSE 1 END) "
            f"* (CASE WHEN c.id IN (SELECT id FROM exact) "
            f"THEN {EXACT_FACTOR} ELSE 1 END) END), c.position LIMIT %s OFFSET %s"
        )
        titled = "{title_terms} : (" + expression + ")"
        strong = "{title_terms meta_terms} : (" + expression + ")"
        return sql, [
            expression,
            *params,
            reach,
            titled,
            strong,
            exact_expression,
            cap,
            cap,
        ]

    def _facets(self, request, words, mode):
        names = [name for name in request.facets]
        if not names:
            return {}
        results = {name: [] for name in names}
        # One query for the facets without a choice, one per facet with a choice
        # (its counts ignore its own choice, so a visitor sees what else there is).
        plain = [name for name in names if not request.filters.get(name)]
        batches = [(plain, None)] if plain else []
        batches += [([name], name) for name in names if request.filters.get(name)]
        for batch_names, exclude in batches:
            where, params = self._where(request, words, mode, exclude=exclude)
            # Walk the matched entries' rows in the covering (entry, name, value,
            # label) index rather than every row of the named facets; SQLite's
            # planner needs the unary "+" to leave the name index alone.
            name_column = "+f.name" if self.vendor == "sqlite" else "f.name"
            sql = (
                "SELECT f.name, f.value, "
                # A named value wins over one indexed without its name.
                "MAX(CASE WHEN f.label <> f.value THEN f.label END), COUNT(*) "
                f"FROM {FACET} f "
                f"WHERE f.entry_id IN (SELECT e.id FROM {ENTRY} e WHERE {where}) "
                f"AND {name_column} IN ({', '.join(['%s'] * len(batch_names))}) "
                "GROUP BY f.name, f.value"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, *batch_names])
                rows = cursor.fetchall()
            for name, value, label, count in rows:
                chosen = request.filters.get(name, [])
                results[name].append(
                    FacetCount(value, label or value, count, value in map(str, chosen))
                )
        for name, values in results.items():
            values.sort(key=lambda item: (-item.count, item.label.lower()))
            shown = values[:MAX_FACET_VALUES]
            shown_values = {item.value for item in shown}
            for item in values[MAX_FACET_VALUES:]:
                if item.selected:
                    shown.append(item)
            for chosen in request.filters.get(name, []):
                if str(chosen) not in shown_values and not any(
                    item.value == str(chosen) for item in shown
                ):
                    shown.append(FacetCount(str(chosen), str(chosen), 0, True))
            results[name] = shown
        return results

    # --- Searching ------------------------------------------------------------------

    def search(self, request):
        if self.vendor != "postgresql":
            return self._search(request)
        # PostgreSQL's planner reads every tsvector (a sequential scan) for words in
        # many documents, several times slower than the GIN index here: steer it to
        # the index for this search only.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                return self._search(request)
            finally:
                cursor.execute("SET LOCAL enable_seqscan = on")

    def _search(self, request):
        analysed = compounds.analyse(request.text)
        if not analysed and not request.filters:
            return SearchResults.empty(request, backend=self.name)
        words = analysed.words
        mode = "and"
        suggestion = ""
        ids, total = self._ranked(request, words, mode)
        if total == 0 and words:
            corrected = spelling.corrected(words)
            if corrected is not None:
                corrected_ids, corrected_total = self._ranked(request, corrected, mode)
                if corrected_total:
                    ids, total, words = corrected_ids, corrected_total, corrected
                    suggestion = compounds.query_text(corrected)
            if total == 0 and len(words) > 1:
                # No document has every word: show those with any of them.
                ids, total = self._ranked(request, words, "or")
                if total:
                    mode = "or"
        results = SearchResults(
            request=request,
            total=total,
            hits=self._hits(ids, words),
            facets=self._facets(request, words, mode)
            if total
            else self._chosen_only(request),
            suggestion=suggestion,
            backend=self.name,
        )
        return results

    @staticmethod
    def _chosen_only(request):
        """Facets of an empty result: just the chosen values (to untick them)."""
        return {
            name: [FacetCount(str(v), str(v), 0, True) for v in request.filters[name]]
            for name in request.facets
            if request.filters.get(name)
        }

    def _hits(self, ids, words):
        from ..models import IndexEntry

        entries = IndexEntry.objects.defer(
            "title_terms", "meta_terms", "body_terms"
        ).in_bulk(ids)
        terms = set()
        for word in words:
            terms |= word.alternatives
        hits = []
        for pk in ids:
            entry = entries.get(pk)
            if entry is None:
                continue
            hits.append(self._hit(entry, terms))
        return hits

    @staticmethod
    def _hit(entry, terms):
        snippet, title_html, cue_start = hit_snippets(
            entry.title, entry.summary, entry.text, entry.cues, terms, entry.language
        )
        return SearchHit(
            doc_id=entry.doc_id,
            type=entry.type,
            title=entry.title,
            url=entry.url,
            language=entry.language,
            summary=entry.summary,
            tags=list(entry.tags),
            municipalities=list(entry.municipalities),
            snippet=snippet,
            title_html=title_html,
            cue_start=cue_start,
            date=entry.date,
        )

    # --- Autocomplete ---------------------------------------------------------------

    def autocomplete(self, prefix, audience, limit=8):
        from ..models import IndexEntry, IndexFacet

        prefix = " ".join(prefix.split())[:60]
        if len(prefix) < 2:
            return []
        visible = Q()
        for token in sorted(audience) or ["public"]:
            visible |= Q(audience__contains=f"|{token}|")
        visible_entries = IndexEntry.objects.filter(visible).values("pk")
        completions = []
        people = IndexEntry.objects.filter(
            visible, type__in=PEOPLE_TYPES, title__icontains=prefix
        ).values_list("title", "url")[:limit]
        completions += [Completion(title, "ambassador", url) for title, url in people]
        titles = (
            IndexEntry.objects.filter(visible, title__icontains=prefix)
            .exclude(type__in=PEOPLE_TYPES)
            .order_by("-rank", "title")
            .values_list("title", "url")[:limit]
        )
        completions += [Completion(title, "title", url) for title, url in titles]
        for name in ("tag", "municipality"):
            labels = (
                IndexFacet.objects.filter(
                    name=name, label__icontains=prefix, entry_id__in=visible_entries
                )
                .values_list("label", flat=True)
                .distinct()
                .order_by("label")[:limit]
            )
            completions += [Completion(label, name) for label in labels]
        folded = fold(prefix)
        completions.sort(
            key=lambda c: (not fold(c.text).startswith(folded), len(c.text))
        )
        seen, unique = set(), []
        for completion in completions:
            key = (completion.kind, completion.text.lower())
            if key not in seen:
                seen.add(key)
                unique.append(completion)
        return unique[:limit]


PEOPLE_TYPES = ("profile", "ambassador", "person")
