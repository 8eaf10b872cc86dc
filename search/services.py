"""What the search page, the API and the tasks share: reading a request's parameters,
searching with a fallback, promotions and the query log."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .backends import (
    FACET_NAMES,
    SearchRequest,
    SearchResults,
    SearchUnavailable,
    get_backend,
    get_fallback_backend,
)
from .facets import parse_facets
from .query import MAX_QUERY_LENGTH, clean_query

logger = logging.getLogger(__name__)
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10
DEGRADED_KEY = "dela_search:degraded"
DEGRADED_SECONDS = 120


class BadParameters(ValueError):
    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


def _positive_int(raw, name, default, maximum=None):
    if raw in (None, ""):
        return default
    raw = str(raw).strip()
    if not raw.isdigit() or len(raw) > 6:
        raise BadParameters([_("“%(name)s” must be a whole number.") % {"name": name}])
    value = int(raw)
    if value < 1:
        raise BadParameters([_("“%(name)s” must be 1 or more.") % {"name": name}])
    if maximum and value > maximum:
        raise BadParameters(
            [_("“%(name)s” may be at most %(max)d.") % {"name": name, "max": maximum}]
        )
    return value


def parse_request(querydict, user, strict=True, facets=FACET_NAMES):
    """A SearchRequest from GET parameters; BadParameters lists what is wrong. With
    ``strict`` False (the HTML page), bad filters are dropped and reported instead.
    Facet parameters are read by search.facets, as on every listing."""
    from .registry import registry as types

    selection, errors = parse_facets(querydict)
    if errors and strict:
        raise BadParameters([str(error) for error in errors])
    filters = selection.chosen
    try:
        page = _positive_int(querydict.get("page"), "page", 1, maximum=10_000)
        page_size = _positive_int(
            querydict.get("page_size"), "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
    except BadParameters as exc:
        if strict:
            raise
        errors += exc.messages
        page, page_size = 1, DEFAULT_PAGE_SIZE
    request = SearchRequest(
        text=clean_query(querydict.get("q", "")),
        filters=filters,
        audience=frozenset(types.audience_for(user)),
        page=page,
        page_size=page_size,
        facets=facets,
    )
    return request, errors


def search(request):
    """Results from the configured backend, or from the database backend (marked
    ``degraded``) when the configured one cannot be reached."""
    backend = get_backend()
    try:
        return backend.search(request)
    except SearchUnavailable:
        logger.warning("Search: %s unreachable, answering from the database", backend)
        try:
            cache.set(DEGRADED_KEY, time.time(), DEGRADED_SECONDS)
        except Exception:
            logger.warning("Search: cannot mark the fallback in the cache")
        fallback = get_fallback_backend()
        if fallback is backend:
            return SearchResults.empty(request, backend=backend.name)
        results = fallback.search(request)
        results.degraded = True
        return results


def is_degraded():
    """Whether the configured backend failed recently (for /healthz)."""
    try:
        if cache.get(DEGRADED_KEY):
            return True
    except Exception:  # a broken cache is the cache's problem, not search's
        logger.warning("Search: cannot read the fallback mark from the cache")
    backend = get_backend()
    try:
        return not backend.is_available()
    except Exception:
        return True


def promotions(text):
    """The editors' promoted results for a query (Wagtail's search promotions)."""
    from wagtail.contrib.search_promotions.models import Query

    if not text:
        return []
    query = Query.objects.filter(query_string=text.lower()[:MAX_QUERY_LENGTH]).first()
    if query is None:
        return []
    picks = []
    for pick in query.editors_picks.select_related("page").order_by("sort_order"):
        if pick.page_id:
            page = pick.page
            if not page.live or page.get_view_restrictions().exists():
                continue
            picks.append(
                {
                    "title": page.title,
                    "url": page.url,
                    "description": pick.description,
                }
            )
        elif pick.external_link_url:
            picks.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return picks


# --- Query log: batched, so reading pages do not write on every request ----------
# Each web process counts the searches it served and the results followed from them
# in memory, per (query, interface language, day), and writes a batch at a time. No
# user, session or address is kept: the log counts queries, never who asked.


@dataclass
class Tally:
    """What a batch counted of one query in one language on one day."""

    searches: int = 0
    no_results: int = 0
    last_results: int | None = None  # of the batch's last search; None: no search
    clicks: int = 0


_log_lock = threading.Lock()
_log_buffer = {}  # (query, language, day) -> Tally
_log_state = {"flushed": time.monotonic()}


def normalise_logged_query(text):
    """A query as the log keys it: lowercase, one space between words, cut short."""
    return " ".join(str(text or "").lower().split())[:MAX_QUERY_LENGTH]


def _log_language(language):
    """The interface language a query was asked in, one of LANGUAGES."""
    try:
        return translation.get_supported_language_variant(
            language or translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


def log_query(text, total, language=None):
    """Count a search for ``text`` that found ``total`` results."""
    _count(text, language, searches=1, total=total)


def log_click(text, language=None):
    """Count a result followed from a search for ``text`` (views.follow_result)."""
    _count(text, language, clicks=1)


def _count(text, language, searches=0, total=None, clicks=0):
    text = normalise_logged_query(text)
    if not text:
        return
    key = (text, _log_language(language), timezone.localdate())
    with _log_lock:
        tally = _log_buffer.setdefault(key, Tally())
        tally.searches += searches
        tally.clicks += clicks
        if total is not None:
            tally.no_results += 1 if total == 0 else 0
            tally.last_results = total
        size = sum(t.searches + t.clicks for t in _log_buffer.values())
        batch = settings.SEARCH_QUERY_LOG_BATCH
        due = time.monotonic() - _log_state["flushed"] > 60
        if size < batch and not due:
            return
        pending = dict(_log_buffer)
        _log_buffer.clear()
        _log_state["flushed"] = time.monotonic()
    flush_queries(pending)


def flush_queries(pending):
    """Add a batch ({(query, language, day): Tally}) to the log: the query totals
    (QueryStat), then the days (QueryDay). Several web processes flush at once:
    every row is first made to exist (a zero row, conflicts ignored), then counted
    up, all in sorted order (totals before days), so two flushes that share queries
    take their row locks in the same order and never deadlock."""
    from .models import QueryDay, QueryStat

    now = timezone.now()
    totals = {}
    for (text, _language, _day), tally in sorted(pending.items()):
        total = totals.setdefault(text, Tally())
        total.searches += tally.searches
        total.no_results += tally.no_results
        total.clicks += tally.clicks
        if tally.last_results is not None:
            total.last_results = tally.last_results
    try:
        with transaction.atomic():
            QueryStat.objects.bulk_create(
                [QueryStat(query=text, last_searched_at=now) for text in totals],
                ignore_conflicts=True,
            )
            for text, total in totals.items():
                changes = {"clicks": F("clicks") + total.clicks}
                if total.searches:
                    changes.update(
                        count=F("count") + total.searches,
                        no_results=F("no_results") + total.no_results,
                        last_searched_at=now,
                    )
                if total.last_results is not None:
                    changes["last_results"] = total.last_results
                QueryStat.objects.filter(query=text).update(**changes)
            days = sorted(pending)
            QueryDay.objects.bulk_create(
                [QueryDay(day=d, language=lang, query=text) for text, lang, d in days],
                ignore_conflicts=True,
            )
            for text, lang, day in days:
                tally = pending[(text, lang, day)]
                QueryDay.objects.filter(day=day, language=lang, query=text).update(
                    searches=F("searches") + tally.searches,
                    no_results=F("no_results") + tally.no_results,
                    clicks=F("clicks") + tally.clicks,
                )
    except Exception:
        logger.exception("Search: could not write the query log")
    _forget_old_queries_daily()


FORGET_KEY = "dela_search:queries_forgotten"


def forget_old_queries(now=None):
    """Delete the query log's rows nobody has searched for in the retention period
    (``SEARCH_QUERY_RETENTION_DAYS``, default 180). The log counts queries, never who
    asked them; the days of the report's trends go after the same period. Returns
    how many rows went."""
    from .models import QueryDay, QueryStat

    retention = settings.SEARCH_QUERY_RETENTION_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=retention)
    deleted, _by_model = QueryStat.objects.filter(last_searched_at__lt=cutoff).delete()
    days, _by_model = QueryDay.objects.filter(
        day__lt=timezone.localdate(cutoff)
    ).delete()
    return deleted + days


def _forget_old_queries_daily():
    """Queue the retention task at most once a day, as the log is written."""
    try:
        if not cache.add(FORGET_KEY, True, 24 * 3600):
            return
        from .tasks import forget_old_queries_task

        forget_old_queries_task.enqueue()
    except Exception:
        logger.exception("Search: could not queue the query log's retention task")
