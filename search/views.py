"""The search page, its autocomplete and the JSON API (DESIGN.md's contract)."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import services
from .facets import FACETS, FacetList, FacetSelection, facet_rows, type_label
from .query import typed_text
from .registry import registry

API_FACETS = ("type", "tag", "municipality", "language")


class PageInfo:
    """What includes/pagination.html needs, for results the backend paginated."""

    def __init__(self, results):
        self.number = results.request.page
        self.num_pages = results.pages
        self.paginator = self
        self.count = results.total

    def has_other_pages(self):
        return self.num_pages > 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _ask_network_url(text):
    for name in ("network:thread_create", "network:new_thread", "network:start_thread"):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        return f"{url}?{urlencode({'title': text})}" if text else url
    return "/network/"


def _facet_list(results, selection, errors, keep):
    """The search page's facets, as every listing shows them (includes/facets.html):
    labels and rows from search.facets, counts from the backend."""
    facets = []
    for facet in FACETS:
        counted = [
            (item.value, item.label, item.count)
            for item in (results.facets.get(facet.name) or [])
        ]
        rows = facet_rows(facet, counted, selection)
        if rows:
            facets.append((facet, rows))
    return FacetList(facets=facets, selection=selection, errors=errors, keep=keep)


def search_page(request):
    """/search/?q=: results from every registered type, facets, promotions."""
    search_request, errors = services.parse_request(request.GET, request.user, False)
    results = None
    picks = []
    if search_request.text or search_request.filters:
        results = services.search(search_request)
        if 1 <= results.pages < search_request.page:
            # ?page= beyond the end (an old link, results that went away): the last
            # page, as the site's other listings do (Django's Paginator.get_page).
            search_request = replace(search_request, page=results.pages)
            results = services.search(search_request)
        if search_request.page == 1 and search_request.text:
            services.log_query(search_request.text, results.total)
            picks = services.promotions(search_request.text)
    q_items = [("q", search_request.text)] if search_request.text else []
    filter_items = [
        (name, value)
        for name, values in search_request.filters.items()
        for value in values
    ]
    selection = FacetSelection(search_request.filters)
    context = {
        "query": search_request.text,
        "raw_query": request.GET.get("q", "")[:200],
        "results": results,
        "hits": [(hit, type_label(hit.type)) for hit in results or []],
        "errors": errors,
        "promotions": picks,
        "filters": search_request.filters,
        "query_string": urlencode(q_items + filter_items),
        "without_filters": urlencode(q_items),
        "suggestion_query": urlencode([("q", results.suggestion), *filter_items])
        if results is not None and results.suggestion
        else "",
        "facet_list": _facet_list(results, selection, errors, q_items)
        if results is not None
        else None,
        "page_obj": PageInfo(results) if results is not None else None,
        "ask_network_url": _ask_network_url(search_request.text),
    }
    return render(request, "search/search.html", context)


@require_GET
def api_search(request):
    """GET /api/search/ as DESIGN.md specifies; 400 with a JSON error for bad
    parameters."""
    try:
        search_request, _errors = services.parse_request(
            request.GET, request.user, strict=True, facets=API_FACETS
        )
    except services.BadParameters as exc:
        return JsonResponse(
            {"error": "bad_parameters", "messages": [str(m) for m in exc.messages]},
            status=400,
        )
    if search_request.text or search_request.filters:
        results = services.search(search_request)
        if 1 <= results.pages < search_request.page:
            # ?page= beyond the end (an old link, results that went away): the last
            # page, as the site's other listings do (Django's Paginator.get_page).
            search_request = replace(search_request, page=results.pages)
            results = services.search(search_request)
        if search_request.page == 1 and search_request.text:
            services.log_query(search_request.text, results.total)
    else:
        from .backends import SearchResults

        results = SearchResults.empty(search_request, services.get_backend().name)
    return JsonResponse(
        {
            "query": search_request.text,
            "total": results.total,
            "page": search_request.page,
            "backend": results.backend,
            "results": [
                {
                    "type": hit.type,
                    "title": hit.title,
                    "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + hit.link,
                    "language": hit.language,
                    "municipality": ", ".join(hit.municipalities),
                    "tags": list(hit.tags),
                    "snippet": hit.snippet,
                }
                for hit in results.hits
            ],
            "facets": {
                name: {item.value: item.count for item in results.facets.get(name, [])}
                for name in API_FACETS
            },
            "suggestion": results.suggestion or None,
        }
    )


@require_GET
def autocomplete(request):
    """Proposals for the search box: titles, tags, municipalities, ambassadors."""
    prefix = typed_text(request.GET.get("q"), 100)
    if len(prefix) < 2:
        return JsonResponse({"results": []})
    audience = registry.audience_for(request.user)
    try:
        completions = services.get_backend().autocomplete(prefix, audience)
    except services.SearchUnavailable:
        completions = services.get_fallback_backend().autocomplete(prefix, audience)
    kinds = {
        "title": _("Page"),
        "tag": _("Tag"),
        "municipality": _("Municipality"),
        "ambassador": _("Ambassador"),
    }
    return JsonResponse(
        {
            "results": [
                {
                    "text": c.text,
                    "kind": c.kind,
                    "kind_label": kinds.get(c.kind, c.kind),
                    "url": c.url,
                }
                for c in completions
            ]
        }
    )
