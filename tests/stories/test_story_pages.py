"""The story index and story pages: tree rules, listing, facets, tag pages, detail,
print layout, query counts and the API."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home.models import HomePage, StandardPage
from stories.models import CaseStoryPage, StoryIndexPage
from taxonomy.models import ClassifiedPage, Competence, Sector
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    """Queries of a GET, measured after a first request has warmed the caches
    (Wagtail keeps the site root paths in the cache)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response


def titles(response):
    return [story.title for story in response.context["page_obj"].object_list]


# --- Page tree -----------------------------------------------------------------------


def test_story_index_lives_under_the_home_page_once(story_index):
    home = HomePage.objects.get()
    root = Page.get_first_root_node()
    assert StoryIndexPage.parent_page_types == ["home.HomePage"]
    assert not StoryIndexPage.can_create_at(root)
    # max_count 1: the existing index leaves no room for a second.
    assert not StoryIndexPage.can_create_at(home)
    assert StoryIndexPage.allowed_subpage_models() == [CaseStoryPage]


def test_case_stories_live_only_under_the_story_index(story_index):
    home = HomePage.objects.get()
    assert CaseStoryPage.can_create_at(story_index)
    assert not CaseStoryPage.can_create_at(home)
    assert CaseStoryPage.allowed_subpage_models() == []
    assert StandardPage not in StoryIndexPage.allowed_subpage_models()
    assert not ClassifiedPage.is_creatable
    assert CaseStoryPage.catalogue_type == "story"
    assert ClassifiedPage.catalogue_types()["story"][1] is CaseStoryPage


def test_index_is_at_stories(client, story_index):
    assert story_index.url == "/stories/"
    assert client.get("/stories/").status_code == 200


# --- Listing ------------------------------------------------------------------------


def test_listing_shows_live_public_current_stories_only(
    client, make_story, story_index
):
    make_story("Publicerad")
    make_story("Pensionerad", retired=True)
    private = make_story("Privat")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    draft = make_story("Utkast")
    draft.unpublish()

    response = client.get("/stories/")

    assert titles(response) == ["Publicerad"]


def test_listing_shows_featured_first_then_newest(client, make_story):
    make_story("Äldst")
    make_story("Utvald", featured=True)
    make_story("Nyast")

    assert titles(client.get("/stories/")) == ["Utvald", "Nyast", "Äldst"]


def test_listing_paginates_twelve_per_page_keeping_the_filters(
    client, make_story, halmstad
):
    for number in range(15):
        make_story(f"Berättelse {number}", municipalities=[halmstad])

    first = client.get("/stories/?municipality=halmstad")
    second = client.get("/stories/?municipality=halmstad&page=2")

    assert len(titles(first)) == 12
    assert len(titles(second)) == 3
    assert set(titles(first)).isdisjoint(titles(second))
    assert 'href="?municipality=halmstad&amp;page=2"' in first.content.decode()
    assert client.get("/stories/?page=99").status_code == 200


def test_facets_filter_count_and_combine(client, make_story, halmstad, oslo):
    school = Sector.objects.get(slug="school")
    make_story("Skola i Halmstad", municipalities=[halmstad], sector=school)
    make_story("Omsorg i Halmstad", municipalities=[halmstad])
    make_story("Skole i Oslo", municipalities=[oslo], sector=school, language="nb")

    response = client.get("/stories/?municipality=halmstad")
    assert sorted(titles(response)) == ["Omsorg i Halmstad", "Skola i Halmstad"]
    facets = {
        facet.name: values for facet, values in response.context["listing"].facets
    }
    # Disjunctive counts: the municipality facet still counts Oslo.
    assert {value.value: value.count for value in facets["municipality"]} == {
        "halmstad": 2,
        "oslo": 1,
    }
    assert "type" not in facets  # every story has the same type

    combined = client.get("/stories/?sector=school&country=NO")
    assert titles(combined) == ["Skole i Oslo"]
    assert titles(client.get("/stories/?language=nb")) == ["Skole i Oslo"]
    either = client.get("/stories/?municipality=halmstad&municipality=oslo")
    assert len(titles(either)) == 3


def test_bad_facet_values_are_reported_not_fatal(client, make_story):
    make_story("En")
    response = client.get("/stories/?year=tusen&competence=<script>")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert titles(response) == ["En"]


def test_tag_page_lists_the_tag_with_its_name_as_heading(client, make_story):
    make_story("Med tagg", tags=["Välfärdsteknik", "65+"])
    make_story("Utan tagg", tags=["skola"])

    response = client.get("/stories/tag/välfärdsteknik/")

    assert titles(response) == ["Med tagg"]
    assert re.search(r"<h1>[^<]*Välfärdsteknik", response.content.decode())
    assert titles(client.get("/stories/?tag=välfärdsteknik")) == ["Med tagg"]
    assert client.get("/stories/tag/finns-inte/").status_code == 404


def test_story_cards_link_tags_to_tag_pages(client, make_story):
    make_story("Med tagg", tags=["Välfärdsteknik"])
    html = client.get("/stories/").content.decode()
    assert 'href="/stories/tag/v%C3%A4lf%C3%A4rdsteknik/"' in html


@pytest.mark.parametrize("url", ["/stories/", "/stories/tag/delad/"])
def test_listing_queries_do_not_grow_with_the_stories(
    client, make_story, halmstad, oslo, url
):
    competence = Competence.objects.get(code="2.4")

    def add(count, start):
        for number in range(start, start + count):
            make_story(
                f"Berättelse {number}",
                municipalities=[halmstad, oslo],
                tags=["delad", f"egen-{number}"],
                competences=[competence],
                sector=Sector.objects.get(slug="school"),
            )

    add(3, 0)
    few, _response = count_queries(client, url)
    add(12, 3)
    many, response = count_queries(client, url)

    assert len(titles(response)) == 12
    assert many == few


# --- Story page ---------------------------------------------------------------------


def test_story_page_shows_facts_tags_contacts_and_lang(
    client, make_story, halmstad, ambassador
):
    story = make_story(
        "Digitale ambassadørar",
        language="nn",
        municipalities=[halmstad],
        tags=["velferdsteknologi"],
        year=2021,
        body=[
            (
                "facts",
                {"heading": "Fakta", "facts": [{"figure": "700", "label": "tilsette"}]},
            )
        ],
    )
    story.contacts.set([ambassador])
    story.save_revision().publish()

    html = client.get(story.url).content.decode()

    assert '<article class="story" lang="nn"' in html
    assert "700" in html and "tilsette" in html
    assert "2021" in html and "Halmstad" in html
    assert 'href="/stories/tag/velferdsteknologi/"' in html
    assert ambassador.public_name in html
    assert html.count("<h1") == 1


def test_story_in_the_interface_language_has_no_lang_override(client, make_story):
    story = make_story("Svensk berättelse", language="sv")
    html = client.get(story.url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<article class="story" aria-labelledby' in html


def test_related_stories_chosen_by_the_editor_come_first(make_story):
    story = make_story("Huvud", tags=["delad"])
    chosen = make_story("Vald")
    make_story("Delar tagg", tags=["delad"])
    story.related_stories.set([chosen])
    story.save_revision().publish()

    assert [page.title for page in story.related()] == ["Vald"]


def test_related_stories_otherwise_share_tags_or_competences(
    make_story, django_assert_num_queries
):
    competence = Competence.objects.get(code="5.4")
    story = make_story("Huvud", tags=["a", "b"], competences=[competence])
    make_story("Två taggar", tags=["a", "b"])
    make_story("En kompetens", competences=[competence])
    make_story("Inget gemensamt", tags=["c"])
    make_story("Pensionerad", tags=["a", "b"], retired=True)

    # One query selects them, whatever the number of tags and competences; the
    # others are Wagtail's view restrictions and the cards' prefetched
    # municipalities and tags.
    with django_assert_num_queries(4):
        related = story.related()

    assert [page.title for page in related] == ["Två taggar", "En kompetens"]


def test_story_page_queries_do_not_grow_with_its_relations(
    client, make_story, halmstad, oslo, laholm
):
    competences = list(Competence.objects.order_by("code")[:6])
    small = make_story("Liten", municipalities=[halmstad], tags=["a"])
    big = make_story(
        "Stor",
        municipalities=[halmstad, oslo, laholm],
        tags=["a", "b", "c", "d", "e"],
        competences=competences,
    )
    contacts = [UserFactory() for _ in range(4)]
    big.contacts.set(contacts)
    big.save_revision().publish()
    for number in range(4):
        make_story(f"Släkt {number}", tags=["a"], municipalities=[oslo, laholm])

    small_count, _ = count_queries(client, small.url)
    big_count, _ = count_queries(client, big.url)

    assert big_count == small_count


def test_print_layout_hides_navigation_and_shows_addresses(client, make_story):
    story = make_story("Utskrift")
    html = client.get(story.url).content.decode()
    css = (Path(settings.SITE_DIR) / "static/css/dela.css").read_text()
    print_rules = "".join(re.findall(r"@media print \{(.*?)\n\}", css, re.S))

    assert 'href="/static/css/dela.css"' in html
    assert 'class="story__print-address"' in html and story.full_url in html
    for selector in (".main-menu", ".stories-layout__filters", "form", ".breadcrumbs"):
        assert selector in print_rules
    assert "attr(href)" in print_rules
    assert ".story__print-address { display: block" in print_rules


# --- API ----------------------------------------------------------------------------


def test_api_exposes_the_story_taxonomy(client, make_story, halmstad, story_index):
    competence = Competence.objects.get(code="2.4")
    make_story(
        "I API:t",
        municipalities=[halmstad],
        tags=["välfärdsteknik"],
        competences=[competence],
        sector=Sector.objects.get(slug="school"),
        year=2019,
    )
    draft = make_story("Utkast")
    draft.unpublish()
    fields = (
        "summary,language,year,municipalities,sector,target_groups,competences,tags"
    )

    response = client.get(f"/api/v2/pages/?type=stories.CaseStoryPage&fields={fields}")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["I API:t"]
    item = items[0]
    assert item["summary"] == "Sammanfattning av I API:t."
    assert item["language"] == "sv"
    assert item["year"] == 2019
    (halmstad,) = item["municipalities"]  # the shape of every classified type
    assert (halmstad["name"], halmstad["slug"], halmstad["country"]) == (
        "Halmstad",
        "halmstad",
        "SE",
    )
    assert item["sector"]["slug"] == "school"
    assert item["target_groups"] == []
    assert [competence["code"] for competence in item["competences"]] == ["2.4"]
    assert item["tags"] == ["välfärdsteknik"]
