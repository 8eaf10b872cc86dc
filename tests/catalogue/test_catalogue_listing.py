"""The catalogue front, entry pages, collections, related entries and curation marks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import CatalogueEntryPage, CatalogueIndexPage, EditorsPick
from tests.catalogue.catalogue_factories import make_collection, make_entry

pytestmark = pytest.mark.django_db


def listed_titles(response):
    return [page.title for page in response.context["listing"].page_obj.object_list]


def queries_for(client, url):
    client.get(url)  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_entries(index, places, count, prefix):
    for number in range(count):
        make_entry(
            index,
            f"{prefix} {number}",
            municipalities=[places["halmstad"], places["bergen"]],
            tags=[f"{prefix}-a", f"{prefix}-b-{number}"],
            competences=["2.4"],
            year=2020,
            verified=number % 2 == 0,
            featured=number % 3 == 0,
        )


def test_catalogue_card_shows_what_a_visitor_needs(client, catalogue):
    html = client.get("/catalogue/").content.decode()
    assert "Digitala ombud i hemtjänsten" in html
    assert "Halmstad" in html
    assert "Swedish" in html and "2020" in html
    assert "Verified practice" in html
    assert "Practice" in html
    assert "?tag=v%C3%A4lf%C3%A4rdsteknik" in html
    assert "En kort sammanfattning" in html


def test_retired_and_draft_entries_leave_the_catalogue(client, catalogue):
    titles = listed_titles(client.get("/catalogue/"))
    assert catalogue["retired"].title not in titles
    assert catalogue["draft"].title not in titles
    assert len(titles) == 4


def test_retired_entry_stays_reachable_with_a_notice(client, catalogue):
    response = client.get(catalogue["retired"].url)
    assert response.status_code == 200
    assert "no longer listed in the catalogue" in response.content.decode()
    assert "no longer listed" not in client.get(catalogue["ombud"].url).content.decode()


def test_featured_entries_come_first(client, catalogue):
    titles = listed_titles(client.get("/catalogue/"))
    assert titles[0] == catalogue["bibliotek"].title
    # Then newest first.
    assert titles[1] == catalogue["utbildning"].title


def test_listing_queries_do_not_grow_with_items(client, index, places):
    add_entries(index, places, 3, "liten")
    few = queries_for(client, "/catalogue/")
    few_filtered = queries_for(client, "/catalogue/?country=SE&tag=liten-a")
    add_entries(index, places, 12, "stor")
    many = queries_for(client, "/catalogue/")
    many_filtered = queries_for(client, "/catalogue/?country=SE&tag=stor-a")
    assert few == many
    assert few_filtered == many_filtered
    assert len(listed_titles(client.get("/catalogue/"))) == 12


def test_editors_picks_in_order_on_the_front_only(client, index, catalogue):
    for position, key in enumerate(["utbildning", "ombud", "retired", "velferd"]):
        EditorsPick.objects.create(
            index_page=index, page=catalogue[key], sort_order=position
        )
    response = client.get("/catalogue/")
    picks = [page.title for page in response.context["picks"]]
    # Retired pages leave the picks too.
    assert picks == [catalogue[key].title for key in ("utbildning", "ombud", "velferd")]
    assert "Editor's picks" in response.content.decode()
    filtered = client.get("/catalogue/?language=sv")
    assert filtered.context["picks"] == []
    assert "Editor's picks" not in filtered.content.decode()


def test_picks_queries_do_not_grow(client, index, places):
    add_entries(index, places, 3, "liten")
    for position, page in enumerate(CatalogueEntryPage.objects.all()):
        EditorsPick.objects.create(index_page=index, page=page, sort_order=position)
    few = queries_for(client, "/catalogue/")
    add_entries(index, places, 12, "stor")
    for position, page in enumerate(
        CatalogueEntryPage.objects.filter(title__startswith="stor")
    ):
        EditorsPick.objects.create(
            index_page=index, page=page, sort_order=10 + position
        )
    assert queries_for(client, "/catalogue/") == few


def test_collection_lists_chosen_items_then_rule_matches(client, index, catalogue):
    collection = make_collection(
        index,
        "Välfärdsteknik",
        items=[catalogue["utbildning"], catalogue["velferd"], catalogue["retired"]],
        rule_tags=["välfärdsteknik", "65+"],
    )
    response = client.get(collection.url)
    assert response.status_code == 200
    titles = listed_titles(response)
    # Chosen first, in the editor's order; then matches, featured first.
    assert titles == [
        catalogue["utbildning"].title,
        catalogue["velferd"].title,
        catalogue["bibliotek"].title,
        catalogue["ombud"].title,
    ]
    # Facets are narrowed to the collection.
    filtered = client.get(collection.url + "?language=sv")
    assert listed_titles(filtered) == [
        catalogue["utbildning"].title,
        catalogue["ombud"].title,
    ]
    assert "Välfärdsteknik" in client.get("/catalogue/").content.decode()


def test_collection_rule_with_tags_and_competences_needs_both(client, index, catalogue):
    collection = make_collection(
        index, "Digital delaktighet 65+", rule_tags=["65+"], rule_competences=["5.4"]
    )
    assert listed_titles(client.get(collection.url)) == [catalogue["bibliotek"].title]
    only_competence = make_collection(
        index, "Problemlösning", rule_competences=["2.4", "1.1"]
    )
    assert set(listed_titles(client.get(only_competence.url))) == {
        catalogue[key].title for key in ("ombud", "bibliotek", "utbildning")
    }


def test_collection_queries_do_not_grow(client, index, places):
    add_entries(index, places, 3, "liten")
    collection = make_collection(
        index,
        "Alla",
        items=list(CatalogueEntryPage.objects.all()[:2]),
        rule_tags=["liten-a", "stor-a"],
    )
    few = queries_for(client, collection.url)
    add_entries(index, places, 12, "stor")
    assert queries_for(client, collection.url) == few


def test_related_entries_rank_by_shared_tags_and_competences(index, catalogue):
    related = list(catalogue["ombud"].related_pages(limit=4))
    # bibliotek shares the tag 65+ and competence 2.4; nothing else shares anything;
    # the retired one shares 65+ but is out of the catalogue.
    assert [page.title for page in related] == [catalogue["bibliotek"].title]
    strong = make_entry(
        index, "Nära släkting", tags=["välfärdsteknik", "65+"], competences=["2.4"]
    )
    related = list(catalogue["ombud"].related_pages(limit=4))
    assert [page.title for page in related] == [
        strong.title,
        catalogue["bibliotek"].title,
    ]
    assert [page.shared for page in related] == [3, 2]
    assert len(list(catalogue["ombud"].related_pages(limit=1))) == 1


def test_entry_page_shows_its_parts_and_related_entries(client, catalogue, ambassador):
    page = catalogue["ombud"]
    page.who = "Undersköterskor i hemtjänsten"
    page.results = "<script>alert('x')</script> 40 ombud utbildade"
    page.effort = "low"
    page.contact_name = "Kim Kontakt"
    page.contact_email = "kim@example.org"
    page.contact_ambassador = ambassador
    page.links.add(
        page.links.model(title="Läs rapporten", url="https://example.org/rapport")
    )
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    for text in (
        "Undersköterskor i hemtjänsten",
        "40 ombud utbildade",
        "Low: a few hours or days",
        "Läs rapporten",
        "mailto:kim@example.org",
        "Ambassador on Dela:",
        "Verified practice",
        "Related in the catalogue",
        catalogue["bibliotek"].title,
        "2.4",
        "Elderly care",
    ):
        assert text in html, text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_entry_page_queries_do_not_grow_with_related_and_taxonomy(
    client, index, places
):
    add_entries(index, places, 3, "liten")
    page = CatalogueEntryPage.objects.get(title="liten 0")
    few = queries_for(client, page.url)
    add_entries(index, places, 12, "liten-igen")
    page.tags.add("liten-igen-a")
    page.save_revision().publish()
    assert len(list(page.related_pages(limit=4))) == 4
    assert queries_for(client, page.url) == few


def test_ten_thousand_character_title_renders_inert(client, index):
    page = make_entry(index, "A" * 200, summary="<b>fet</b> <script>x()</script>")
    html = client.get("/catalogue/").content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert client.get(page.url).status_code == 200


def test_page_tree_rules():
    assert CatalogueIndexPage.max_count == 1
    assert CatalogueIndexPage.parent_page_types == ["home.HomePage"]
    assert CatalogueEntryPage.parent_page_types == ["catalogue.CatalogueIndexPage"]
    from catalogue.models import CatalogueCollectionPage

    assert set(CatalogueIndexPage.allowed_subpage_models()) == {
        CatalogueEntryPage,
        CatalogueCollectionPage,
    }
    assert CatalogueEntryPage.allowed_subpage_models() == []


def test_index_cannot_be_added_twice(index):
    from home.models import HomePage

    assert not CatalogueIndexPage.can_create_at(HomePage.objects.first())


def test_editors_pick_chooser_offers_classified_pages_only():
    from taxonomy.models import ClassifiedPage

    options = EditorsPick.panels[0].bind_to_model(EditorsPick).get_form_options()
    assert options["widgets"]["page"].target_models == [ClassifiedPage]
