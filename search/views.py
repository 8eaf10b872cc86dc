"""The search page, its autocomplete and the JSON API (DESIGN.md's contract)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import services
from .facets import FACETS, FacetList, FacetSelection, facet_rows, type_label
from .query import MAX_QUERY_LENGTH, typed_text
from .questions import ask_url
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


def click_url(text, to):
    """The address of a result's link that counts it as followed from a search for
    ``text`` (follow_result), then goes to ``to``. The fragment (a video's "#t=42")
    stays outside, on the link itself: the server never sees it and the browser
    keeps it across the redirect, as HTTP asks (RFC 9110, Location). Links to other
    sites stay as they are."""
    if not text or not _internal_path(to):
        return to
    path, hash_mark, fragment = to.partition("#")
    query = f"{urlencode({'q': text})}&to={quote(path, safe='/')}"
    return f"{reverse('search_click')}?{query}{hash_mark}{fragment}"


def _internal_path(to):
    """Whether ``to`` is a path on this site ("/stories/x/#t=3"): never another
    host, scheme or a protocol-relative "//host"."""
    return (
        0 < len(to) <= 2000
        and to.startswith("/")
        # A browser drops tabs and line breaks inside a URL ("/\t/host" is "//host").
        and not any(unicodedata.category(char)[0] == "C" for char in to)
        and url_has_allowed_host_and_scheme(to, allowed_hosts=set())
    )


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
            services.log_query(
                search_request.text, results.total, request.LANGUAGE_CODE
            )
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
        "hits": [
            (hit, type_label(hit.type), click_url(search_request.text, hit.link))
            for hit in results or []
        ],
        "errors": errors,
        "promotions": [
            {**pick, "href": click_url(search_request.text, pick["url"])}
            for pick in picks
        ],
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
        "ask_url": ask_url(search_request.text),
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
            services.log_query(
                search_request.text, results.total, request.LANGUAGE_CODE
            )
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


@never_cache
@require_GET
def follow_result(request):
    """/search/click/?q=&to=: count a result followed from a search for ``q`` (from
    the search page or the search box's suggestions), then go to ``to``. Only paths
    of this site are followed; anything else is refused (400), so the address cannot
    send readers elsewhere. Nothing about who clicked is kept."""
    to = request.GET.get("to", "")
    if not _internal_path(to):
        response = render(request, "search/click_refused.html", status=400)
        response["X-Robots-Tag"] = "noindex"
        return response
    text = typed_text(request.GET.get("q"), MAX_QUERY_LENGTH)
    if text:
        services.log_click(text, request.LANGUAGE_CODE)
    response = HttpResponseRedirect(to)
    response["X-Robots-Tag"] = "noindex"
    return response
