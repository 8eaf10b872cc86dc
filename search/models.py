"""The database backend's index, the editors' synonyms and the query log."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """A group of words that mean the same, added by editors to the shipped list."""

    terms = models.TextField(
        _("terms"),
        max_length=2000,
        help_text=_(
            "Words or phrases that mean the same, separated by commas, e.g. "
            "“skärmbesök, skjermbesøk, skærmbesøg, video visit”. The search index is "
            "rebuilt in the background after a change."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return self.terms[:80]

    def term_list(self):
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class IndexEntry(models.Model):
    """One SearchDocument as the database backend stores it. The analysed terms are
    mirrored into SQLite FTS5 (a trigger-fed table, migration 0002) or a PostgreSQL
    tsvector on the match row (IndexMatch, filled by triggers, migration 0009). On
    SQLite, a migration that changes this table's columns rebuilds it and drops the
    FTS5 triggers: such a migration must create them again (as 0003 does)."""

    doc_id = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=40, db_index=True)
    key = models.CharField(max_length=150)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=1000)
    language = models.CharField(max_length=8, blank=True)
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True)
    tags = models.JSONField(default=list)
    municipalities = models.JSONField(default=list)
    cues = models.JSONField(default=list)
    boost = models.FloatField(default=1.0)
    rank = models.FloatField(default=1.0)  # boost and recency, at index time
    date = models.DateTimeField(null=True, blank=True)
    title_terms = models.TextField(blank=True)
    meta_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # Who may find it: "|public|members|group:3|" (see registry.audience_for).
    audience = models.TextField(default="|public|")
    checksum = models.CharField(max_length=64)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.doc_id


class IndexFacet(models.Model):
    """A facet value of an entry; name "_audience" holds who may find it."""

    entry = models.ForeignKey(
        IndexEntry, on_delete=models.CASCADE, related_name="facet_rows"
    )
    name = models.CharField(max_length=40)
    value = models.CharField(max_length=200)
    label = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value", "entry"]),
            # Covering the facet counts: matched entries → their values and labels.
            models.Index(fields=["entry", "name", "value", "label"]),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"


class IndexMatch(models.Model):
    """What a search reads of each matched entry, and nothing else (issue 19): the
    entry's filters, audience, rank and date and its facet values. The entry's own
    row is wide (text, summary, cues, analysed terms); a search touches a fifth of
    the index for a common word. SQLite reads this narrow row after FTS5's match.
    On PostgreSQL it also holds the tsvector with its GIN index and ``head`` (the
    title and meta lexemes), columns migration 0009 adds and its triggers fill from
    the entry's terms (the facets come from the covering facet-row index there:
    faster than unpacking jsonb). Written with the entry in the same transaction
    (DatabaseBackend._write) and deleted with it (cascade)."""

    entry = models.OneToOneField(
        IndexEntry,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="match_row",
    )
    type = models.CharField(max_length=40)
    language = models.CharField(max_length=8, blank=True)
    audience = models.TextField(default="|public|")  # as IndexEntry.audience
    rank = models.FloatField(default=1.0)
    date = models.DateTimeField(null=True, blank=True)
    # {facet name: ["value\x1flabel", ...]}: the facet counts read these, not
    # IndexFacet (one lookup per match).
    facets = models.JSONField(default=dict)

    def __str__(self):
        return str(self.entry_id)


class IndexWord(models.Model):
    """The index's vocabulary (folded words) for typo tolerance and "did you mean"."""

    word = models.CharField(max_length=60, unique=True)
    # How the word is written most often (lowercase, with å/ä/ö/æ/ø): what "did you
    # mean" proposes; empty for words indexed before it was kept.
    spelling = models.CharField(max_length=60, blank=True, default="")
    head = models.CharField(max_length=2)  # the first two letters
    size = models.PositiveSmallIntegerField()
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["head", "size"])]

    def __str__(self):
        return self.word


class QueryStatQuerySet(models.QuerySet):
    def found_nothing(self):
        """Queries whose last search found nothing: what to write next."""
        return self.filter(count__gt=0, last_results=0)

    def not_followed(self):
        """Queries that found something last time but whose results nobody has
        followed: what readers did not find worth opening."""
        return self.filter(count__gt=0, last_results__gt=0, clicks=0)


class QueryStat(models.Model):
    """How often a query was asked, how often it found nothing and how often a
    result of it was followed (for editors). It counts queries, never who asked."""

    query = models.CharField(_("query"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("searches"), default=0)
    no_results = models.PositiveIntegerField(_("searches without results"), default=0)
    last_results = models.PositiveIntegerField(_("results last time"), default=0)
    # Results followed from the search page or picked in the search box's
    # suggestions (search.views.follow_result).
    clicks = models.PositiveIntegerField(_("results followed"), default=0)
    last_searched_at = models.DateTimeField(_("last searched"), db_index=True)

    objects = QueryStatQuerySet.as_manager()

    class Meta:
        ordering = ["-count"]
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self):
        return self.query


class QueryDay(models.Model):
    """One query's searches, empty searches and followed results on one day, in one
    interface language: the report's top queries per language over time. Like
    QueryStat it holds no user, session or address; the daily retention task
    deletes days older than SEARCH_QUERY_RETENTION_DAYS."""

    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=8)
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    no_results = models.PositiveIntegerField(_("searches without results"), default=0)
    clicks = models.PositiveIntegerField(_("results followed"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "query"], name="dela_search_query_day"
            )
        ]
        indexes = [models.Index(fields=["language", "day"])]
        verbose_name = _("search query per day")
        verbose_name_plural = _("search queries per day")

    def __str__(self):
        return f"{self.day} {self.language} {self.query}"
