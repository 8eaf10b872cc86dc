"""The facet parameters' contract (DESIGN.md "Facet query parameters"), on every place
that honours them: the same query string is accepted or refused alike by /catalogue/,
/stories/, /videos/, /ambassadors/, /search/, the catalogue's exports and feeds and
/api/search/.

Refused means: an HTML page answers 200 and says what it could not understand (in
the reader's language), a file or the API answers 400 with the same words. Never a
500. search.facets owns the rule; this test is the proof that nobody keeps a copy.
"""

import pytest

from search.facets import FACET_NAMES, MAX_VALUES_PER_FACET
from search.registry import registry
from taxonomy.models import ClassifiedPage

pytestmark = [pytest.mark.django_db]

HTML_PAGES = ["/catalogue/", "/stories/", "/videos/", "/ambassadors/", "/search/"]
FILES = [
    "/catalogue/export.csv",
    "/catalogue/export.json",
    "/catalogue/feed/rss/",
    "/catalogue/feed/atom/",
    "/api/search/",
]

ACCEPTED = [
    "",
    "type=entry",
    "type=catalogue",  # search's old name for practice entries: an alias
    "type=Story&type=video",
    "type=event",  # a type of the vocabulary with no page in a listing: no result
    "tag=välfärdsteknik",
    "tag=",  # an empty value is no choice
    "country=se",
    "country=NO&country=DK",
    "region=halland",
    "municipality=HALMSTAD",
    "sector=elderly-care",
    "target_group=citizens-65",
    "competence=2.4",
    "competence=9.9",  # well formed, matches nothing
    "language=sv&language=NB",
    "year=2023",
    "&".join(f"tag=t{n}" for n in range(MAX_VALUES_PER_FACET)),
    "country=SE&language=sv&sector=school&year=2024",
]
REFUSED = [
    "type=nope",
    "type=entries",
    "competence=2",  # an area, not a DigComp competence code
    "competence=<script>",
    "country=SWE",
    "language=xx",
    "year=abc",
    "year=1800",
    "year=20245",
    "tag=" + "x" * 200,
    "municipality=<script>alert(1)</script>",
    "region=two words",
    "&".join(f"tag=t{n}" for n in range(MAX_VALUES_PER_FACET + 1)),
    "language=sv&language=xx",  # one bad value among good ones
]
# The reader's language: the refusal is in it (site/locale's translations).
REFUSAL_WORDS = {
    "sv": ("är inte ett giltigt värde", "Välj högst"),
    "nb": ("er ikke en gyldig verdi", "Velg høyst"),
    "da": ("er ikke en gyldig værdi", "Vælg højst"),
    "en": ("is not a valid value", "Choose at most"),
}


def _get(client, url, query, language):
    separator = "&" if "?" in url else "?"
    if url == "/search/":  # the search page searches only when asked something
        query = "&".join(filter(None, ["q=digital", query]))
    return client.get(
        f"{url}{separator}{query}" if query else url,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _refusal_shown(response, language):
    if response["Content-Type"].startswith("application/json"):
        body = " ".join(response.json()["messages"])
    else:
        body = response.content.decode()
    words = REFUSAL_WORDS[language]
    return any(word in body for word in words)


@pytest.mark.parametrize("query", ACCEPTED)
def test_accepted_everywhere(client, demo, query):
    for url in HTML_PAGES:
        response = _get(client, url, query, "sv")
        assert response.status_code == 200, (url, query)
        assert 'id="facet-errors"' not in response.content.decode(), (url, query)
    for url in FILES:
        response = _get(client, url, query, "sv")
        assert response.status_code == 200, (url, query, response.content[:300])


@pytest.mark.parametrize("query", REFUSED)
@pytest.mark.parametrize("language", sorted(REFUSAL_WORDS))
def test_refused_everywhere_in_the_readers_language(client, demo, query, language):
    for url in HTML_PAGES:
        response = _get(client, url, query, language)
        assert response.status_code == 200, (url, query)
        html = response.content.decode()
        assert 'id="facet-errors"' in html and 'role="alert"' in html, (url, query)
        assert _refusal_shown(response, language), (url, query, language)
        assert "<script>alert" not in html.split("<main", 1)[1], (url, query)
    for url in FILES:
        response = _get(client, url, query, language)
        assert response.status_code == 400, (url, query)
        assert _refusal_shown(response, language), (url, query, language)
        if response["Content-Type"].startswith("application/json"):
            assert response.json()["error"] == "bad_parameters"


def _catalogue_titles(client, query):
    response = client.get(f"/catalogue/?{query}")
    paginator = response.context["page_obj"].paginator
    return {page.title for page in paginator.object_list}


def _api_titles(client, query):
    data = client.get(f"/api/search/?{query}&page_size=100").json()
    assert data["total"] <= 100
    return {result["title"] for result in data["results"]}, data


@pytest.mark.parametrize(
    "query",
    [
        "type=entry",
        "type=catalogue",
        "type=story&country=NO",
        "type=story&type=video&type=entry&language=da",
        "type=entry&type=story&competence=2.4",
        "type=video&type=entry&type=story&year=2020&year=2021",
        "type=story&sector=elderly-care&municipality=halmstad",
    ],
)
def test_listing_and_api_choose_the_same_pages(client, demo, query):
    """One vocabulary, one grammar: a filter chooses the same pages on /catalogue/ and
    in the search API (the old type name included)."""
    api_titles, data = _api_titles(client, query)
    assert api_titles and _catalogue_titles(client, query) == api_titles
    types = {result["type"] for result in data["results"]}
    assert types <= {"story", "video", "entry", "path"}


def test_the_alias_reads_as_its_type(client, demo):
    entries = _catalogue_titles(client, "type=entry")
    assert entries and entries == _catalogue_titles(client, "type=catalogue")
    api_titles, data = _api_titles(client, "type=catalogue")
    assert api_titles == entries
    assert {result["type"] for result in data["results"]} == {"entry"}
    chosen = client.get("/catalogue/?type=catalogue").context["listing"].selection
    assert chosen.chosen == {"type": ["entry"]}


def test_one_type_vocabulary():
    """Every catalogue page type is a search type of the same name, so the `type`
    facet means the same on the listings and in search."""
    catalogue_types = set(ClassifiedPage.catalogue_types())
    assert catalogue_types == {"story", "video", "entry", "path"}
    assert catalogue_types <= set(registry.names())
    assert registry.resolve("catalogue") == "entry"
    assert "catalogue" not in registry.names()


def test_every_listing_shows_the_facets_in_one_order(client, demo):
    """The listings and the search page show their facets with the one template, in
    FACET_NAMES' order."""
    for url in ["/catalogue/", "/stories/", "/videos/", "/search/"]:
        html = _get(client, url, "", "en").content.decode()
        assert '<form class="facets' in html, url
        html = html.split('<form class="facets', 1)[1].split("</form>", 1)[0]
        positions = [
            html.find(f'name="{name}"')
            for name in FACET_NAMES
            if f'name="{name}"' in html
        ]
        assert len(positions) >= 4 and positions == sorted(positions), url
