"""taxonomy.facets through the catalogue: every facet alone and combined, disjunctive
counts, and what bad parameters do on the HTML page and on the exports."""

import pytest
from django.http import QueryDict

from taxonomy.facets import (
    MAX_VALUES_PER_FACET,
    FacetError,
    FacetSelection,
    facet_counts,
)
from taxonomy.models import ClassifiedPage

pytestmark = pytest.mark.django_db


def titles(response):
    return {page.title for page in response.context["listing"].page_obj.object_list}


def counts(response, facet_name):
    for facet, values in response.context["listing"].facets:
        if facet.name == facet_name:
            return {str(item.value): item.count for item in values}
    return {}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=entry", {"ombud", "velferd", "bibliotek", "utbildning"}),
        ("tag=65", {"ombud", "bibliotek"}),
        ("country=NO", {"velferd"}),
        ("country=se", {"ombud", "utbildning"}),
        ("region=hallands-lan", {"ombud", "utbildning"}),
        ("municipality=laholm", {"utbildning"}),
        ("sector=elderly-care", {"ombud", "utbildning"}),
        ("target_group=citizens-65", {"ombud", "bibliotek"}),
        ("competence=5.4", {"velferd", "bibliotek"}),
        ("language=da", {"bibliotek"}),
        ("year=2021", {"velferd", "bibliotek"}),
    ],
)
def test_each_facet_alone(client, catalogue, query, expected):
    response = client.get(f"/catalogue/?{query}")
    assert response.status_code == 200
    assert titles(response) == {catalogue[key].title for key in expected}
    # The chosen value is ticked in the form, so the view can be bookmarked and undone.
    listing = response.context["listing"]
    assert listing.selection and not listing.errors
    name, _sep, value = query.partition("=")
    ticked = [
        item
        for facet, values in listing.facets
        if facet.name == name
        for item in values
        if item.selected
    ]
    assert len(ticked) == 1
    assert listing.query_string


def test_values_of_one_facet_combine_with_or_facets_with_and(client, catalogue):
    either = client.get("/catalogue/?language=nb&language=da")
    assert titles(either) == {catalogue["velferd"].title, catalogue["bibliotek"].title}

    both = client.get("/catalogue/?language=nb&language=da&competence=2.4")
    assert titles(both) == {catalogue["bibliotek"].title}

    several = client.get(
        "/catalogue/?tag=65&municipality=halmstad&municipality=aarhus&year=2020&year=2021"
        "&sector=elderly-care&sector=library&target_group=citizens-65&type=entry"
    )
    assert titles(several) == {catalogue["ombud"].title, catalogue["bibliotek"].title}


def test_counts_are_disjunctive(client, catalogue):
    response = client.get("/catalogue/?language=sv")
    # The language facet still counts the other languages, so they can be added.
    assert counts(response, "language") == {"sv": 2, "nb": 1, "da": 1}
    # Other facets count within the Swedish entries only.
    assert counts(response, "year") == {"2020": 1, "2019": 1}
    assert counts(response, "municipality") == {"halmstad": 2, "laholm": 1}
    assert counts(response, "country") == {"SE": 2}


def test_counts_without_filter_cover_every_facet(client, catalogue):
    response = client.get("/catalogue/")
    names = [facet.name for facet, _values in response.context["listing"].facets]
    assert names == [
        "type",
        "tag",
        "country",
        "region",
        "municipality",
        "sector",
        "target_group",
        "competence",
        "language",
        "year",
    ]
    assert counts(response, "tag") == {
        "65": 2,
        "utbildning": 1,
        "velferdsteknologi": 1,
        "välfärdsteknik": 1,
    }
    # A page in two municipalities of one region counts once for the region.
    assert counts(response, "region")["hallands-lan"] == 2
    assert counts(response, "competence") == {"2.4": 2, "5.4": 2, "1.1": 1}
    assert counts(response, "type") == {"entry": 4}


def test_many_to_many_filter_does_not_narrow_the_other_facets_values(client, catalogue):
    # The training entry lies in Laholm and Halmstad: filtering by Laholm must still
    # count it under Halmstad too.
    response = client.get("/catalogue/?municipality=laholm&tag=utbildning")
    assert counts(response, "municipality") == {"halmstad": 1, "laholm": 1}


def test_chosen_value_without_matches_stays_listed_to_untick(client, catalogue):
    response = client.get("/catalogue/?tag=finns-inte&language=sv")
    tag_values = {
        str(item.value): (item.count, item.selected)
        for facet, values in response.context["listing"].facets
        if facet.name == "tag"
        for item in values
    }
    assert tag_values["finns-inte"] == (0, True)
    assert titles(response) == set()
    assert "Nothing matches these filters" in response.content.decode()


def test_values_are_normalised(client, catalogue):
    response = client.get("/catalogue/?municipality=HALMSTAD&language=SV&type=Entry")
    assert titles(response) == {catalogue["ombud"].title, catalogue["utbildning"].title}


@pytest.mark.parametrize(
    "query",
    [
        "type=video-of-cats",
        "language=xx",
        "year=nineteen",
        "year=1800",
        "competence=<script>",
        "country=SWE",
        "tag=" + "x" * 200,
    ],
)
def test_bad_values_show_an_error_on_the_page(client, catalogue, query):
    response = client.get(f"/catalogue/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "is not a valid value" in html
    assert "<script>" not in html.split("<main", 1)[1]
    # The bad filter is left out: everything is listed.
    assert len(titles(response)) == 4


@pytest.mark.parametrize("query", ["language=xx", "year=abc", "type=nope"])
def test_bad_values_answer_400_on_exports_and_feeds(client, catalogue, query):
    csv_response = client.get(f"/catalogue/export.csv?{query}")
    assert csv_response.status_code == 400
    assert csv_response["Content-Type"].startswith("text/plain")
    assert "is not a valid value" in csv_response.content.decode()

    json_response = client.get(f"/catalogue/export.json?{query}")
    assert json_response.status_code == 400
    assert json_response.json()["error"] == "bad_parameters"
    assert json_response.json()["messages"]

    assert client.get(f"/catalogue/feed/atom/?{query}").status_code == 400


def test_too_many_values_are_an_error():
    querydict = QueryDict(
        "&".join(f"tag=t{i}" for i in range(MAX_VALUES_PER_FACET + 1))
    )
    with pytest.raises(FacetError) as error:
        FacetSelection.from_querydict(querydict)
    assert "at most" in str(error.value)


def test_selection_applies_with_expression_ordering(catalogue):
    """Many-to-many filters use subqueries, so no DISTINCT is needed: PostgreSQL
    refuses DISTINCT with an ordering on an expression (collections order so)."""
    from django.db.models import F

    selection = FacetSelection.from_querydict(
        QueryDict("tag=65&municipality=halmstad&municipality=aarhus")
    )
    queryset = selection.apply(ClassifiedPage.objects.in_catalogue()).order_by(
        (F("year") * -1).asc(nulls_last=True)
    )
    assert [page.title for page in queryset] == [
        catalogue["bibliotek"].title,
        catalogue["ombud"].title,
    ]
    assert facet_counts(queryset, selection)["tag"][0].count == 2


def test_long_facets_show_the_rest_behind_a_details_element(client, index, catalogue):
    from tests.catalogue.catalogue_factories import make_entry

    for number in range(14):
        make_entry(index, f"Taggat {number}", tags=[f"tagg-{number:02d}"])
    response = client.get("/catalogue/?tag=tagg-13")
    html = response.content.decode()
    assert '<details class="facet__more" open>' in html
    assert 'value="tagg-13" checked' in html
    unfiltered = client.get("/catalogue/").content.decode()
    assert '<details class="facet__more">' in unfiltered
