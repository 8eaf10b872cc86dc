"""The embedded backend: SQLite FTS5 or PostgreSQL full-text search over analysed terms.

Documents are analysed in Python (search/analysis.py) into plain terms, so the SQL
side only matches terms: FTS5 with the unicode61 tokeniser, PostgreSQL with the
"simple" configuration (migration 0002). What a visitor typed never reaches either
syntax: a query becomes terms of letters and digits, each passed as a quoted FTS5 string
or a bound ``plainto_tsquery`` parameter. A search is one SQL statement (the page,
the total and the facet counts, the audience condition inside it; see ``_run``), plus
the "did you mean" lookups.

Speed (benchmarks/bench_search.py, 100,000 documents, words in a fifth of them; figures
in the README): only ``SEARCH_RANK_CANDIDATES`` matches get the full score. A search
reads the narrow match rows (models.IndexMatch), never the wide entry: SQLite those of
FTS5's matches, facet lists included; PostgreSQL finds them through their own tsvector
and GIN index (migration 0009; the vector out of line, a short title/meta ``head`` in
line for the cheap score) and counts the facets from the covering facet-row index.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL

from .. import compounds, spelling
from ..analysis import (
    EXACT_FACTOR,
    META_FACTOR,
    TITLE_FACTOR,
    WHOLE_FACTOR,
    exact_words,
    fold,
    unmarked,
    vocabulary_words,
    whole_words,
)
from ..documents import (
    analysed_fields,
    checksum,
    facet_values,
    hit_snippets,
    rank_factor,
)
from ..facets import chosen_without_results
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
MATCH = "dela_search_indexmatch"
SEPARATOR = "\x1f"  # between a facet value and its label in IndexMatch.facets
MAX_FACET_VALUES = 20
MAX_ALTERNATIVES = 80
CHUNK = 500
INDEX_ATTEMPTS = 3  # index_documents: tries when another worker indexes the same rows
# Facets whose value is also a column of the entry (documents.facet_values: the
# document's type and language), filtered on that column.
ENTRY_COLUMNS = ("type", "language")
# search(): the planner settings of a search, SET LOCAL in one statement, and put
# back to the session's own in one.
PLANNER_SETTINGS = (
    "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true), "
    "set_config('enable_mergejoin', 'off', true), "
    "set_config('enable_hashjoin', 'off', true)"
)
PLANNER_RESET = (
    "RESET enable_seqscan; RESET jit; RESET enable_mergejoin; RESET enable_hashjoin"
)


def term_group(word):
    """The terms of a query word the SQL matches, at most MAX_ALTERNATIVES, each beside
    its part form (analysis.part_term), so a cut keeps both or neither."""
    return sorted(word.alternatives, key=lambda term: (unmarked(term), term))[
        :MAX_ALTERNATIVES
    ]


def rank_candidates():
    """The SEARCH_RANK_CANDIDATES setting (at least 1)."""
    return max(1, int(settings.SEARCH_RANK_CANDIDATES))


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
        """Insert entries for ``documents`` (none of which is in the index), their
        facet rows and their narrow match rows (models.IndexMatch)."""
        from ..models import IndexEntry, IndexFacet, IndexMatch

        entries = [self._entry(document) for document in documents]
        if connection.features.can_return_rows_from_bulk_insert:
            IndexEntry.objects.bulk_create(entries)
        else:  # pragma: no cover - both supported databases return ids
            for entry in entries:
                entry.save()
        facets, matches = [], []
        for entry, document in zip(entries, documents, strict=True):
            grouped = {}
            for name, value, label in facet_values(
                document, labels.get(document.type, "")
            ):
                if name == AUDIENCE_FACET:
                    continue
                facets.append(
                    IndexFacet(entry=entry, name=name, value=value, label=label)
                )
                grouped.setdefault(name, []).append(f"{value}{SEPARATOR}{label}")
            matches.append(self._match_row(entry, grouped))
        IndexFacet.objects.bulk_create(facets, batch_size=2000)
        IndexMatch.objects.bulk_create(matches, batch_size=2000)

    @staticmethod
    def _match_row(entry, facets):
        """The IndexMatch of ``entry`` with its {name: ["value\\x1flabel"]} facets
        (migration 0007 fills existing entries alike)."""
        from ..models import IndexMatch

        return IndexMatch(
            entry=entry,
            type=entry.type,
            language=entry.language,
            audience=entry.audience,
            rank=entry.rank,
            date=entry.date,
            facets=facets,
        )

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
        are rewritten, missing ones removed; the vocabulary is recounted. Each chunk
        of documents is replaced in a transaction of its own (a search sees a
        document's old or new version, never none), so a rebuild never holds the
        database's write lock for long: on SQLite, one writer at a time, people
        keep posting while it runs."""
        from ..models import IndexEntry, IndexWord

        labels = registry.type_labels()
        # Entries without a (matching) match row count as changed: rewritten.
        known = self.indexed_checksums()
        stored = set(IndexEntry.objects.values_list("doc_id", flat=True))
        seen = set()
        vocabulary = Counter()  # folded word -> documents
        spellings = Counter()  # (folded word, spelling) -> documents
        done = 0
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
                with transaction.atomic():
                    self._replace(batch, labels)
                batch = []
            done += 1
            if progress:
                progress(done)
        if batch:
            with transaction.atomic():
                self._replace(batch, labels)
        gone = sorted(doc_id for doc_id in stored if doc_id not in seen)
        for start in range(0, len(gone), CHUNK):
            with transaction.atomic():
                self.delete_documents(gone[start : start + CHUNK])
        written = {}  # the most common spelling of each folded word
        for (folded, form), _n in spellings.most_common():
            written.setdefault(folded, form)
        words = [
            IndexWord(
                word=w,
                spelling=written.get(w, ""),
                head=w[:2],
                size=len(w),
                frequency=n,
            )
            for w, n in vocabulary.items()
        ]
        with transaction.atomic():
            IndexWord.objects.all().delete()
            IndexWord.objects.bulk_create(words, batch_size=2000, ignore_conflicts=True)
        return done

    def _replace(self, documents, labels):
        from ..models import IndexEntry

        IndexEntry.objects.filter(doc_id__in=[d.id for d in documents]).delete()
        self._write(documents, labels)

    def indexed_checksums(self):
        """{doc id: checksum} of the entries a search can find: those whose match
        row is there and agrees with the entry (an entry without one would be
        silently unfindable; the suite's drift check reports it as missing), on
        PostgreSQL with its vectors (migration 0009's triggers fill them)."""
        from ..models import IndexEntry

        entries = IndexEntry.objects.filter(
            match_row__type=F("type"),
            match_row__language=F("language"),
            match_row__audience=F("audience"),
            match_row__rank=F("rank"),
        )
        if self.vendor == "postgresql":
            entries = entries.filter(
                id__in=RawSQL(
                    f"SELECT entry_id FROM {MATCH} WHERE vector IS NOT NULL "  # noqa: S608
                    "AND head IS NOT NULL",
                    [],
                )
            )
        return dict(entries.values_list("doc_id", "checksum"))

    # --- Matching -------------------------------------------------------------------

    @property
    def vendor(self):
        return connection.vendor

    def _match(self, words, mode="and"):
        """(SQL condition, params) matching analysed query ``words``: on the match
        row ``k`` on PostgreSQL, on the entry ``e`` on SQLite."""
        groups = [term_group(word) for word in words]
        groups = [group for group in groups if group]
        if self.vendor == "postgresql":
            parts, params = [], []
            for group in groups:
                ors = " || ".join(["plainto_tsquery('simple', %s)"] * len(group))
                parts.append(f"({ors})")
                params.extend(group)
            joiner = " && " if mode == "and" else " || "
            # The vector is on the match row (migration 0009).
            return f"k.vector @@ ({joiner.join(parts)})", params
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
    def _audience(audience, alias="k"):
        """(SQL, params): the audience of row ``alias`` (a match row ``k`` or an
        entry ``e``) shares a token with ``audience``."""
        tokens = sorted(audience) or ["public"]
        like = " OR ".join([f"{alias}.audience LIKE %s ESCAPE '!'"] * len(tokens))
        params = [
            "%|" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "|%"
            for t in tokens
        ]
        return f"({like})", params

    def _flags(self, request, alias="k"):
        """[(name, SQL, params)]: for each chosen facet filter, whether the row
        ``alias`` (a match row ``k`` or an entry ``e``) has one of its chosen
        values."""
        entry_id = "k.entry_id" if alias == "k" else f"{alias}.id"
        flags = []
        for name, values in sorted(request.filters.items()):
            values = [str(v) for v in values]
            if not values:
                continue
            marks = ", ".join(["%s"] * len(values))
            if name in ENTRY_COLUMNS:
                # The match row's own column holds the same value as its facet row.
                flags.append((name, f"{alias}.{name} IN ({marks})", values))
            else:
                flags.append(
                    (
                        name,
                        f"{entry_id} IN (SELECT entry_id FROM {FACET} WHERE name = %s "
                        f"AND value IN ({marks}))",
                        [name, *values],
                    )
                )
        return flags

    def _run(self, request, words, mode, facets=True):
        """(ids of the requested page, total, facet rows): one statement.

        The matches (visible to the audience, before the chosen facet filters) are
        read once into ``matched``, with one flag per chosen filter; the hits are
        the rows with every flag, their facets counted over the same rows (a facet
        with a choice ignores its own choice, so a visitor sees what else there is).

        The full score (``ts_rank`` / ``bm25`` times the document's rank and the
        title, meta and exact-word factors) is computed for a bounded set of
        candidates only: the hits are first ordered by a cheap score that reads no
        document's full term list, and the best ``SEARCH_RANK_CANDIDATES`` of them
        are ranked precisely. Hits past the candidates (deep pages) follow the cheap
        order, so paging never repeats or skips a hit; the total and the facet
        counts stay exact.
        """
        # Both read the narrow match rows (IndexMatch), never the wide entry:
        # PostgreSQL finds them through their own GIN index (migration 0009) and
        # counts the facets from the covering facet-row index; SQLite reads FTS5's
        # rowids, then the match rows, facets included.
        postgresql = self.vendor == "postgresql"
        alias = "k"
        flags = self._flags(request, alias)
        flag_columns = "".join(
            f", {sql} AS f{i}" for i, (_n, sql, _p) in enumerate(flags)
        )
        flag_params = [param for _n, _s, params in flags for param in params]

        def every_flag(but=None):
            chosen = [
                f"m.f{i}" for i, (name, _s, _p) in enumerate(flags) if name != but
            ]
            return " AND ".join(chosen) or "1 = 1"

        audience_sql, audience_params = self._audience(request.audience, alias)
        cap = rank_candidates()
        # Rows taken from the cheap order: the candidates, or as far as a deep page.
        reach = max(cap, request.offset + request.page_size)
        if not words:
            ctes = [
                (
                    (
                        "matched AS MATERIALIZED (SELECT k.entry_id AS id, k.rank, "
                        f"k.date{flag_columns} FROM {MATCH} k WHERE {audience_sql})"
                    )
                    if postgresql
                    else (
                        "matched AS MATERIALIZED (SELECT k.entry_id AS id, k.rank, "
                        f"k.date, k.facets{flag_columns} FROM {MATCH} k "
                        f"WHERE {audience_sql})"
                    ),
                    [*flag_params, *audience_params],
                ),
                (
                    f"hits AS MATERIALIZED (SELECT m.id, m.rank, m.date FROM matched m "
                    f"WHERE {every_flag()})",
                    [],
                ),
                (
                    "page AS (SELECT id, ROW_NUMBER() OVER (ORDER BY rank DESC, "
                    "date DESC, id) AS n FROM hits)",
                    [],
                ),
            ]
        elif postgresql:
            ctes = self._ranked_postgresql(
                words,
                mode,
                flag_columns,
                flag_params,
                audience_sql,
                audience_params,
                every_flag(),
                reach,
                cap,
            )
        else:
            ctes = self._ranked_sqlite(
                words,
                mode,
                flag_columns,
                flag_params,
                audience_sql,
                audience_params,
                every_flag(),
                reach,
                cap,
            )
        parts = [
            "SELECT 'h', id, n, NULL, NULL, NULL, CAST(NULL AS BIGINT) FROM page "
            "WHERE n > %s AND n <= %s",
            "SELECT 't', NULL, (SELECT COUNT(*) FROM hits), NULL, NULL, NULL, NULL",
        ]
        params = [p for _sql, cte_params in ctes for p in cte_params]
        params += [request.offset, request.offset + request.page_size]
        names = list(request.facets) if facets else []
        if names and postgresql:
            ctes.append(self._facets_from_rows(request, names, every_flag))
        elif names:
            # Each facet's values are counted from the matched rows' own facet
            # lists (IndexMatch.facets), one pass over ``matched`` per facet: no
            # facet row is looked up. A facet with a choice ignores its own choice.
            counts, count_params = [], []
            for name in names:
                counts.append(
                    "SELECT CAST(%s AS TEXT) AS name, j.value AS value, "
                    "NULL AS label, COUNT(*) AS n "
                    "FROM matched m CROSS JOIN json_each(m.facets, %s) AS j "
                    f"WHERE {every_flag(but=name)} GROUP BY j.value"
                )
                count_params += [name, '$."' + name.replace('"', '""') + '"']
            ctes.append(
                ("facets AS (" + " UNION ALL ".join(counts) + ")", count_params)
            )
        if names:
            parts.append("SELECT 'f', NULL, NULL, name, value, label, n FROM facets")
            params = [p for _sql, cte_params in ctes for p in cte_params]
            params += [request.offset, request.offset + request.page_size]
        sql = (
            "WITH "
            + ", ".join(cte for cte, _params in ctes)
            + " "
            + " UNION ALL ".join(parts)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        page = sorted((n, pk) for kind, pk, n, *_rest in rows if kind == "h")
        total = next(n for kind, _pk, n, *_rest in rows if kind == "t")
        return [pk for _n, pk in page], int(total), self._facet_rows(rows)

    @staticmethod
    def _facets_from_rows(request, names, every_flag):
        """PostgreSQL's facets CTE: the matched entries' facet rows, looked up in
        the covering (entry, name, value, label) index; values as "value\\x1flabel"
        like IndexMatch.facets (faster here than unpacking a jsonb list per row)."""
        plain = [name for name in names if not request.filters.get(name)]
        chosen = [name for name in names if request.filters.get(name)]
        batches, batch_params = [], []
        if plain:
            marks = ", ".join(["%s"] * len(plain))
            batches.append(f"(f.name IN ({marks}) AND {every_flag()})")
            batch_params += plain
        for name in chosen:
            batches.append(f"(f.name = %s AND {every_flag(but=name)})")
            batch_params.append(name)
        return (
            "facets AS (SELECT f.name, f.value || %s || "
            "MAX(CASE WHEN f.label <> f.value THEN f.label ELSE '' END) AS value, "
            "NULL AS label, COUNT(*) AS n "
            f"FROM matched m CROSS JOIN {FACET} f WHERE f.entry_id = m.id "
            f"AND ({' OR '.join(batches)}) GROUP BY f.name, f.value)",
            [SEPARATOR, *batch_params],
        )

    @staticmethod
    def _facet_rows(rows):
        """(name, value, label, count) from the statement's ("f", ..., name,
        "value\\x1flabel", NULL, count) rows: one per value, a named label winning
        over one that only repeats the value (a value indexed without its name)."""
        counts, labels = Counter(), {}
        for kind, _pk, _n, name, packed, _label, count in rows:
            if kind != "f":
                continue
            value, _sep, label = packed.partition(SEPARATOR)
            counts[name, value] += int(count)
            if label and label != value:
                labels[name, value] = max(labels.get((name, value), ""), label)
        return [
            (name, value, labels.get((name, value)), count)
            for (name, value), count in counts.items()
        ]

    def _ranked_postgresql(
        self,
        words,
        mode,
        flag_columns,
        flag_params,
        audience_sql,
        audience_params,
        all_flags,
        reach,
        cap,
    ):
        """PostgreSQL: the GIN index finds the matches without reading their
        tsvectors. The cheap score is the document's rank times the title or meta
        factor, tested on the short title and meta term columns (the lexemes of the
        vector's A and B weights, so the same test as ``ts_filter`` on the vector).
        Only the candidates' tsvectors are read, by ``ts_rank``."""
        match_sql, match_params = self._match(words, mode)
        tsquery = match_sql.split("@@", 1)[1]
        exact = exact_words(words)
        exact_sql, exact_params = self._match(exact, mode) if exact else ("", [])
        exact_factor = (
            f"(CASE WHEN {exact_sql} THEN {EXACT_FACTOR} ELSE 1 END)" if exact else "1"
        )
        # Whole words (analysis.WHOLE_FACTOR): the meta factor asks for them; the
        # whole-word factor for them anywhere, or every word in the title (a
        # compound there names what the document is about).
        whole = whole_words(words)
        whole_sql, whole_params = self._match(whole, mode) if whole else ("FALSE", [])
        strong_tsquery, strong_params = (
            (whole_sql.split("@@", 1)[1], whole_params)
            if whole
            else (tsquery, match_params)
        )
        # The cheap title and meta tests: every word (any in "or" mode) is in the
        # title (A) or meta (B) lexemes of the match row's short ``head`` vector,
        # kept in line (the full vector is out of line: only the candidates read
        # it).
        return [
            (
                # The cheap score is computed here, so no head is carried along.
                "matched AS MATERIALIZED (SELECT k.entry_id AS id, k.rank * (CASE "
                f"WHEN k.head @@ {tsquery} THEN (CASE WHEN ts_filter(k.head, "
                f"'{{a}}') @@ {tsquery} THEN {TITLE_FACTOR} ELSE {META_FACTOR} END) "
                f"ELSE 1 END) AS cheap{flag_columns} FROM {MATCH} k "
                f"WHERE {match_sql} AND {audience_sql})",
                [
                    *match_params,
                    *match_params,
                    *flag_params,
                    *match_params,
                    *audience_params,
                ],
            ),
            (
                "hits AS MATERIALIZED (SELECT m.id, m.cheap FROM matched m "
                f"WHERE {all_flags})",
                [],
            ),
            (
                "ordered AS MATERIALIZED (SELECT id, cheap, ROW_NUMBER() OVER "
                "(ORDER BY cheap DESC, id) AS position FROM hits)",
                [],
            ),
            (
                # The full score, as before the cap: ts_rank over title (A), meta (B)
                # and body (D) times the rank, the title/meta factor (every word said
                # there), the exact-word factor and the whole-word factor.
                "page AS (SELECT o.id, ROW_NUMBER() OVER (ORDER BY o.position > %s, "
                "(CASE WHEN o.position <= %s THEN "
                f"ts_rank('{{0.1, 0.2, 0.4, 1.0}}', k.vector, {tsquery}) * k.rank "
                f"* (CASE WHEN ts_filter(k.head, '{{a}}') @@ {tsquery} "
                f"THEN {TITLE_FACTOR} WHEN k.head @@ "
                f"{strong_tsquery} THEN {META_FACTOR} ELSE 1 END) * {exact_factor} "
                f"* (CASE WHEN {whole_sql} OR ts_filter(k.head, '{{a}}') @@ "
                f"{tsquery} THEN {WHOLE_FACTOR} ELSE 1 END) END) "
                # Ties among the candidates by id, as without the cap.
                "DESC, (CASE WHEN o.position <= %s THEN o.id END), o.position) AS n "
                f"FROM ordered o JOIN {MATCH} k ON k.entry_id = o.id "
                "WHERE o.position <= %s)",
                [
                    cap,
                    cap,
                    *match_params * 2,
                    *strong_params,
                    *exact_params,
                    *whole_params,
                    *match_params,
                    cap,
                    reach,
                ],
            ),
        ]

    def _ranked_sqlite(
        self,
        words,
        mode,
        flag_columns,
        flag_params,
        audience_sql,
        audience_params,
        all_flags,
        reach,
        cap,
    ):
        """SQLite: FTS5 scores every match with bm25() in C over its own index (no
        entry is read for it); the cheap score is that bm25 (title weighted 10, meta
        4, body 1) times the document's rank. The title, meta, exact-word and
        whole-word tests, four more FTS5 queries, are joined to the candidates only."""
        expression = self._fts5_expression([term_group(w) for w in words], mode)
        exact = exact_words(words)
        exact_expression = (
            self._fts5_expression([term_group(w) for w in exact], mode)
            if exact
            else '"zzzznothing"'
        )
        whole = whole_words(words)
        whole_expression = (
            self._fts5_expression([term_group(w) for w in whole], mode)
            if whole
            else '"zzzznothing"'
        )
        titled = "{title_terms} : (" + expression + ")"
        # The meta factor asks for whole words (analysis.WHOLE_FACTOR).
        strong = (
            "{title_terms meta_terms} : ("
            + (whole_expression if whole else expression)
            + ")"
        )
        # bm25 is negative (lower is better): the factors make it more so.
        return [
            (
                "scores AS MATERIALIZED (SELECT rowid AS id, "
                f"bm25({FTS}, 10.0, 4.0, 1.0) AS score FROM {FTS} "
                f"WHERE {FTS} MATCH %s)",
                [expression],
            ),
            (
                "matched AS MATERIALIZED (SELECT k.entry_id AS id, s.score * k.rank "
                f"AS cheap, k.facets{flag_columns} FROM scores s JOIN {MATCH} k "
                f"ON k.entry_id = s.id WHERE {audience_sql})",
                [*flag_params, *audience_params],
            ),
            (
                f"hits AS MATERIALIZED (SELECT m.id, m.cheap FROM matched m "
                f"WHERE {all_flags})",
                [],
            ),
            (
                "candidates AS MATERIALIZED (SELECT id, cheap, position FROM "
                "(SELECT id, cheap, ROW_NUMBER() OVER (ORDER BY cheap, id) AS position "
                "FROM hits) WHERE position <= %s)",
                [reach],
            ),
            (
                f"titled AS MATERIALIZED (SELECT rowid AS id FROM {FTS} "
                f"WHERE {FTS} MATCH %s)",
                [titled],
            ),
            (
                f"strong AS MATERIALIZED (SELECT rowid AS id FROM {FTS} "
                f"WHERE {FTS} MATCH %s)",
                [strong],
            ),
            (
                f"exact AS MATERIALIZED (SELECT rowid AS id FROM {FTS} "
                f"WHERE {FTS} MATCH %s)",
                [exact_expression],
            ),
            (
                f"whole AS MATERIALIZED (SELECT rowid AS id FROM {FTS} "
                f"WHERE {FTS} MATCH %s)",
                [whole_expression],
            ),
            (
                "page AS (SELECT c.id, ROW_NUMBER() OVER (ORDER BY c.position > %s, "
                "(CASE WHEN c.position <= %s THEN c.cheap "
                f"* (CASE WHEN c.id IN (SELECT id FROM titled) THEN {TITLE_FACTOR} "
                f"WHEN c.id IN (SELECT id FROM strong) THEN {META_FACTOR} ELSE 1 END) "
                f"* (CASE WHEN c.id IN (SELECT id FROM exact) THEN {EXACT_FACTOR} "
                "ELSE 1 END) "
                # Whole words anywhere, or every word in the title (a compound there
                # names what the document is about).
                "* (CASE WHEN c.id IN (SELECT id FROM whole) OR c.id IN (SELECT id "
                f"FROM titled) THEN {WHOLE_FACTOR} "
                "ELSE 1 END) END), (CASE WHEN c.position <= %s THEN c.id END), "
                "c.position) AS n FROM candidates c)",
                [cap, cap, cap],
            ),
        ]

    def _facets(self, request, rows):
        """{facet name: [FacetCount]} from the (name, value, label, count) rows."""
        results = {name: [] for name in request.facets}
        for name, value, label, count in rows:
            if name not in results:
                continue
            chosen = request.filters.get(name, [])
            results[name].append(
                FacetCount(value, label or value, count, value in map(str, chosen))
            )
        for name, values in results.items():
            values.sort(key=lambda item: (-item.count, item.label.lower()))
            shown = values[:MAX_FACET_VALUES]
            for item in values[MAX_FACET_VALUES:]:
                if item.selected:
                    shown.append(item)
            shown += [
                FacetCount(value, label, 0, True)
                for value, label in chosen_without_results(
                    name, request.filters.get(name, []), [i.value for i in shown]
                )
            ]
            results[name] = shown
        return results

    # --- Searching ------------------------------------------------------------------

    def search(self, request):
        if self.vendor != "postgresql":
            return self._search(request)
        # The planner settings of a search, for its transaction only (one query):
        # PostgreSQL's planner reads every tsvector (a sequential scan) for words in
        # many documents, several times slower than the GIN index here; its cost
        # estimate passes jit_above_cost, and compiling takes longer than the
        # statement runs; the matched entries' facet rows are a few per entry,
        # looked up in the covering (entry, name, value, label) index, not by
        # merging the whole facet table's entry index (ten times slower at 100,000
        # documents).
        outermost = not connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(PLANNER_SETTINGS)
            try:
                return self._search(request)
            finally:
                # SET LOCAL ends with the transaction; inside an outer one (a
                # savepoint) the settings are put back for what follows.
                if not outermost:
                    cursor.execute(PLANNER_RESET)

    def _search(self, request):
        analysed = compounds.analyse(request.text)
        if not analysed and not request.filters:
            return SearchResults.empty(request, backend=self.name)
        words = analysed.words
        mode = "and"
        suggestion = ""
        ids, total, facet_rows = self._run(request, words, mode)
        if total == 0 and words:
            corrected = spelling.corrected(words)
            if corrected is not None:
                found = self._run(request, corrected, mode)
                if found[1]:
                    (ids, total, facet_rows), words = found, corrected
                    suggestion = compounds.query_text(corrected)
            if total == 0 and len(words) > 1:
                # No document has every word: show those with any of them.
                ids, total, facet_rows = self._run(request, words, "or")
        results = SearchResults(
            request=request,
            total=total,
            hits=self._hits(ids, words),
            facets=self._facets(request, facet_rows)
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
            name: [
                FacetCount(value, label, 0, True)
                for value, label in chosen_without_results(
                    name, request.filters[name], ()
                )
            ]
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
