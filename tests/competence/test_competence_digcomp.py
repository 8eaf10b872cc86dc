"""The DigComp overview page: five areas, 21 competences, what Dela holds for each,
linked to the catalogue and search filtered by the competence."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalogue.catalogue_factories import make_entry, make_index

pytestmark = pytest.mark.django_db


def row_of(html, code):
    return html.split(f'<tr id="competence-{code}">')[1].split("</tr>")[0]


def test_lists_every_area_and_competence_with_counts_and_links(client, english):
    catalogue = make_index()
    make_entry(catalogue, "Ett", competences=["2.4", "4.2"])
    make_entry(catalogue, "Två", competences=["2.4"])
    make_entry(catalogue, "Utkast", competences=["2.4"], live=False)
    make_entry(catalogue, "Pensionerad", competences=["2.4"], retired=True)
    response = client.get("/competence/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'<h2 id="area-\d">', html)) == 5
    assert len(re.findall(r'<tr id="competence-\d\.\d">', html)) == 21
    assert html.count("<caption") == 5
    row = row_of(html, "2.4")
    cells = re.findall(r'<td class="number">(\d+)</td>', row)
    assert cells[-1] == "2"  # in all: drafts and retired ones are not counted
    assert f"{catalogue.url}?competence=2.4" in row
    assert "/search/?competence=2.4" in row
    assert re.findall(r'<td class="number">(\d+)</td>', row_of(html, "4.2"))[-1] == "1"
    assert re.findall(r'<td class="number">(\d+)</td>', row_of(html, "5.4"))[-1] == "0"


def test_the_catalogue_link_filters_by_the_competence(client):
    catalogue = make_index()
    make_entry(catalogue, "Samarbete i Teams", competences=["2.4"])
    make_entry(catalogue, "Lösenord", competences=["4.2"])
    html = client.get(f"{catalogue.url}?competence=2.4").content.decode()
    assert "Samarbete i Teams" in html
    assert "Lösenord" not in html


def test_the_overview_queries_do_not_grow_with_the_content(client):
    catalogue = make_index()
    make_entry(catalogue, "Ett", competences=["1.1"])
    client.get("/competence/")
    with CaptureQueriesContext(connection) as few:
        client.get("/competence/")
    for number in range(5):
        make_entry(catalogue, f"Fler {number}", competences=["1.1", "3.4", "5.2"])
    client.get("/competence/")  # caches forgotten by the saves above are filled again
    with CaptureQueriesContext(connection) as many:
        client.get("/competence/")
    assert len(many.captured_queries) == len(few.captured_queries)
