"""A chosen facet value that matches nothing (with the other facets' choices) stays
listed to untick with count 0, under its label in the reader's language, never its
slug or code (issue 17): sector, target group, competence, country, region,
municipality and tag. Shown on the catalogue; the stories' and videos' listings count
through the same taxonomy.facets.facet_counts."""

import re

import pytest

pytestmark = pytest.mark.django_db


def rows(response, facet_name):
    """{value: (label, count, selected)} of one facet's rows."""
    for facet, values in response.context["listing"].facets:
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
def test_a_chosen_value_without_results_shows_its_label(
    client, catalogue, facet, value, label
):
    # Nothing in Swedish from 2019 is in Aarhus, the library or Denmark.
    response = client.get(f"/catalogue/?year=2019&language=sv&{facet}={value}")
    found = rows(response, facet)
    assert found[value][1:] == (0, True), found
    assert label in found[value][0], found
    html = response.content.decode()
    assert re.search(rf">\s*{re.escape(label)}", html)
