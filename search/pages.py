"""Helpers for apps registering Wagtail pages: a page's text as its model declares
it to Wagtail, and the watch that takes restricted pages out of the index. Search
imports no app; the apps pass their pages in (the document of a classified page is
taxonomy's: ``taxonomy.searchable``)."""

from __future__ import annotations

from wagtail.search import index


def searchable_text(obj, skip=("title", "summary")):
    """The text of the ``index.SearchField``s ``obj``'s model declares (Wagtail's
    ``search_fields``, also what the admin's search reads), each read through
    Wagtail: StreamFields give their blocks' ``get_searchable_content``, rich text
    ``get_text_for_indexing``; a method named there is called. Fields a document
    holds apart (``skip``: its title and summary) are left out."""
    parts = []
    for field in obj.get_search_fields():
        if type(field) is not index.SearchField or field.field_name in skip:
            continue
        _collect(field.get_value(obj), parts)
    return " ".join(" ".join(parts).split())


def _collect(value, parts):
    if value is None:
        return
    if isinstance(value, list | tuple):
        for item in value:
            _collect(item, parts)
    else:
        parts.append(str(value))


def restricted_pages_watch(model):
    """A ``watch`` entry re-indexing the pages of ``model`` under a view restriction
    that is added, changed or removed (a members-only page leaves the index)."""
    from wagtail.models import PageViewRestriction

    def pages(restriction):
        page = restriction.page
        return model.objects.descendant_of(page, inclusive=True)

    return (PageViewRestriction, pages)
