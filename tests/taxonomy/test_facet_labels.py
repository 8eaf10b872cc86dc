"""A chosen facet value that matches nothing (with the other facets' choices) stays
listed to untick with count 0, under its label in the reader's language, never its
slug or code (issue 17): sector, target group, competence, country, region,
municipality and tag. Shown on the catalogue and on /search/ (one rule,
search.facets.facet_rows, with the labels taxonomy registers); the stories' and
videos' listings count through the same taxonomy.facets.facet_counts."""

import re

import pytest

pytestmark = pytest.mark.django_db


def rows(response, facet_name):
    """{value: (label, count, selected)} of one facet's rows."""
    listing = response.context.get("listing") or response.context["facet_list"]
    for facet, values in listing.facets:
        if facet.name == facet_name:
            return {
                str(item.value): (str(item.label), item.count, item.selected)
                for item in values
            }
    return {}


@pytest.mark.parametrize(
    ("facet", "value", "label"),
    [
        ("sector", "library", "Library"),
        ("target_group", "citizens-65", "Citizens 65+"),
        ("competence", "5.4", "Identifying digital competence gaps"),
        ("country", "DK", "Denmark"),
        ("region", "region-midtjylland", "Region Midtjylland"),
        ("municipality", "aarhus", "Aarhus"),
        ("tag", "65", "65+"),
    ],
)
@pytest.mark.parametrize(
    "page",
    [
        # Nothing in Swedish from 2019 is in Aarhus, the library or Denmark.
        "/catalogue/?year=2019&language=sv",
        # Nothing anywhere is about zebra finches.
        "/search/?q=zebrafink",
    ],
)
def test_a_chosen_value_without_results_shows_its_label(
    client, catalogue, page, facet, value, label
):
    response = client.get(f"{page}&{facet}={value}")
    found = rows(response, facet)
    assert found[value][1:] == (0, True), found
    assert label in found[value][0], found
    html = response.content.decode()
    assert re.search(rf">\s*{re.escape(label)}", html)
