from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from .query import clean_query

PAGE_SIZE = 10


def search_page(request):
    """The site search over published pages (the search issue widens it)."""
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "raw_query": request.GET.get("q", "")[:200],
            "page_obj": page_obj,
            "results": page_obj.object_list,
        },
    )
