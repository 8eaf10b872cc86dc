"""The hostile-input corpus (tests/hostile/corpus.py) against what Dela reads from a
request (issue 13):

- every form found on the site's pages, for a visitor, an ambassador and a moderator
  (the forms are found by reading the pages, so a new form is covered by itself);
- every query parameter the code reads (found in its source) on every listing, search
  and API address;
- the request headers the code reads: Range, Accept-Language, X-Forwarded-*;
- query strings that are not valid UTF-8 or percent-encoding.

Each answer must be below 500, and no HTML answer may echo markup unescaped."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from catalogue.models import CatalogueEntryPage
from network.models import Thread
from taxonomy.facets import FACETS
from tests.hostile.corpus import ECHOES, HTTP_VECTORS, MARKER, vector_id
from tests.hostile.pages import site_forms

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.search_drift("hostile text is indexed and unindexed at random"),
]


def query_parameters():
    """The names the code reads from query strings: found in its source, with the
    facets' (a public contract) and the Wagtail API's."""
    names = {facet.name for facet in FACETS}
    names |= {"next", "limit", "fields", "order", "search", "type", "child_of"}
    pattern = re.compile(r"(?:GET|querydict|params)\.(?:get|getlist)\(\s*\"(\w+)\"")
    roots = [Path(settings.BASE_DIR) / name for name in ("site", "media", "network")]
    roots.append(Path(settings.BASE_DIR) / "search")
    for root in roots:
        for source in root.rglob("*.py"):
            names |= set(pattern.findall(source.read_text()))
    return sorted(names)


def _check(response, what, failures):
    if response.status_code >= 500:
        failures.append(f"{what}: {response.status_code}")
        return
    content_type = response.get("Content-Type", "")
    if "html" not in content_type or getattr(response, "streaming", False):
        return
    body = response.content.decode("utf-8", "replace")
    for echo in ECHOES:
        if echo in body:
            failures.append(f"{what}: echoes {echo!r} unescaped")


def _log_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ["visitor", "member", "ambassador", "moderator"])
def test_every_form_takes_every_vector_without_a_500_or_an_echo(client, world, role):
    user = world[role]
    _log_in(client, user)
    forms = site_forms(client, world["pages"])
    assert len(forms) >= (4 if role == "visitor" else 10), sorted(forms)
    failures = []
    for (action, method), fields in sorted(forms.items()):
        for vector in HTTP_VECTORS:
            data = dict.fromkeys(fields, vector)
            send = client.post if method == "post" else client.get
            response = send(action, data)
            _check(response, f"{method.upper()} {action} {vector_id(vector)}", failures)
            _log_in(client, user)  # a form may have logged the user in or out
    assert not failures, "\n".join(failures[:40])


def test_every_query_parameter_takes_every_vector(client, world, ambassador):
    names = query_parameters()
    assert {"q", "page", "tag", "year", "offset", "title"} <= set(names)
    failures = []
    for user in (None, ambassador):
        _log_in(client, user)
        for url in world["listings"]:
            for vector in HTTP_VECTORS:
                response = client.get(url, dict.fromkeys(names, vector))
                _check(response, f"GET {url} {vector_id(vector)}", failures)
    assert not failures, "\n".join(failures[:40])


RAW_QUERIES = [
    "q=%ED%A0%80",  # a lone surrogate, UTF-8 encoded
    "q=%FF%FE%FD",
    "q=%",
    "q=%zz&page=%",
    "q=%C3",
    "tag=%00&type=%E2%80%AE",
    "&&&=&=",
    "q=" + "%41" * 20_000,
]


def test_query_strings_that_are_not_utf8_or_percent_encoding(client, world):
    failures = []
    for url in world["listings"]:
        for raw in RAW_QUERIES:
            response = client.generic("GET", f"{url}?{raw}")
            _check(response, f"GET {url}?{raw[:40]}", failures)
    assert not failures, "\n".join(failures[:40])


HEADERS = {
    "HTTP_RANGE": ["bytes=" + "9" * 5000 + "-", "bytes=5-1", "bytes=-0", "items=0-1"],
    "HTTP_ACCEPT_LANGUAGE": ["*;q=x", "sv-" + "x" * 5000, "zz,en;q=2", ";;;", "da,,,"],
    "HTTP_X_FORWARDED_FOR": ["not an address", "1.2.3.4, " * 500, "::ffff:x"],
    "HTTP_X_FORWARDED_PROTO": ["gopher", "https, http", ""],
    "HTTP_X_FORWARDED_HOST": ["evil.example", "a" * 300],
    "HTTP_REFERER": ["javascript:alert(1)", "http://[::1"],
    "HTTP_USER_AGENT": ["\x00", "x" * 10_000],
}


def test_the_headers_the_code_reads_take_every_vector(client, world, settings):
    settings.DELA_TRUSTED_PROXIES = 1
    failures = []
    for url in ["/", "/search/?q=ombud", "/network/", "/accounts/login/"]:
        for header, values in HEADERS.items():
            for value in [*values, *HTTP_VECTORS[:12]]:
                response = client.get(url, **{header: value})
                _check(response, f"GET {url} {header}={vector_id(value)}", failures)
        response = client.post(
            "/accounts/login/",
            {"login": f"{MARKER}@example.org", "password": "fel"},
            HTTP_X_FORWARDED_FOR="garbage, 10.0.0.1",
        )
        _check(response, "POST login with a garbled X-Forwarded-For", failures)
    assert not failures, "\n".join(failures[:40])


def test_hostile_threads_and_entries_do_not_break_the_pages_that_list_them(
    client, world, ambassador
):
    """What the vectors left behind (threads, posts, tags) still renders everywhere."""
    client.force_login(ambassador)
    for vector in HTTP_VECTORS[:10]:
        client.post("/network/new/", {"title": vector, "body": vector, "tags": vector})
    assert Thread.objects.count() >= 1 and CatalogueEntryPage.objects.count() == 1
    failures = []
    for url in world["listings"] + world["pages"]:
        _check(client.get(url), f"GET {url} after hostile posts", failures)
    assert not failures, "\n".join(failures)
