"""Where a reader whose search found nothing can ask people instead: an app declares
its page for a new question (the network's new-thread form) and the search page
links to it. Search imports no app and guesses no URL name (DESIGN.md)."""

from django.urls import reverse
from django.utils.http import urlencode

_ask_page = {}


def register_ask_page(url_name, text_parameter="title"):
    """Declare the page where a question is asked: ``url_name`` reverses to it with
    no arguments, and ``text_parameter`` carries the reader's query on to its form."""
    _ask_page.clear()
    _ask_page.update(url_name=url_name, parameter=text_parameter)


def ask_url(text):
    """The address of the declared page with ``text`` filled in, or None when no
    app declared one."""
    if not _ask_page:
        return None
    url = reverse(_ask_page["url_name"])
    return f"{url}?{urlencode({_ask_page['parameter']: text})}" if text else url
