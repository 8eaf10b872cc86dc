"""Reading a page's forms as a browser would: where they go, how, with which fields."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Forms whose sending ends the session or the account: sent by their own tests.
NOT_SENT = re.compile(r"/(logout|erase|reauthenticate|password/change)/")


class _Forms(HTMLParser):
    """The forms of a page: action, method and their fields' names and kinds."""

    def __init__(self):
        super().__init__()
        self.forms, self._current, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
            }
            self.forms.append(self._current)
        elif self._current is not None and attrs.get("name"):
            kind = attrs.get("type", tag) if tag == "input" else tag
            if kind not in {"submit", "button", "image", "reset", "file"}:
                self._current["fields"][attrs["name"]] = kind

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(html, page_url):
    parser = _Forms()
    parser.feed(html)
    found = []
    for form in parser.forms:
        action = urljoin(page_url, form["action"] or page_url)
        if urlsplit(action).netloc not in ("", "testserver"):
            continue
        if NOT_SENT.search(action) or not form["fields"]:
            continue
        found.append((urlsplit(action).path, form["method"], form["fields"]))
    return found


def site_forms(client, urls):
    """{(action path, method): fields} of the forms on the pages at ``urls``, as the
    client's user sees them."""
    forms = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for action, method, fields in forms_of(response.content.decode(), url):
                forms.setdefault((action, method), fields)
    return forms
