"""/catalogue/export.csv and .json, the round trip through import_catalogue, the feeds
and the page API."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Revision

from catalogue.interchange import EXPORT_FIELDS
from catalogue.models import CatalogueEntryPage
from tests.catalogue.catalogue_factories import make_entry
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def content(response):
    return b"".join(response.streaming_content).decode()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(content(response))))


def test_csv_export_lists_the_catalogue(client, catalogue):
    response = client.get("/catalogue/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="dela-catalogue.csv"'
    )
    text = content(response)
    assert text.splitlines()[0] == ",".join(EXPORT_FIELDS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["title"] for row in rows} == {
        catalogue[key].title for key in ("ombud", "velferd", "bibliotek", "utbildning")
    }
    row = next(row for row in rows if row["title"] == catalogue["utbildning"].title)
    assert row["type"] == "entry"
    assert row["municipality"] == "Halmstad; Laholm"
    assert row["country"] == "SE"
    assert row["competences"] == "1.1"
    assert row["year"] == "2019"
    assert row["sector"] == "elderly-care"
    # On the one public address (BASE_URL; "http://testserver" in the tests).
    assert row["url"] == "http://testserver" + catalogue["utbildning"].url


def test_json_export_follows_the_filter(client, catalogue):
    response = client.get("/catalogue/export.json?tag=65&language=da")
    assert (
        response["Content-Disposition"] == 'attachment; filename="dela-catalogue.json"'
    )
    rows = json.loads(content(response))
    assert [row["title"] for row in rows] == [catalogue["bibliotek"].title]
    assert rows[0]["tags"] == ["65+"]
    assert rows[0]["competences"] == ["2.4", "5.4"]
    assert rows[0]["target_groups"] == ["citizens-65"]
    assert rows[0]["year"] == 2021
    assert list(rows[0]) == EXPORT_FIELDS
    assert json.loads(content(client.get("/catalogue/export.json?year=1999"))) == []


def test_export_addresses_only_exist_where_a_catalogue_is(client, catalogue):
    assert client.get("/om-dela/export.csv").status_code == 404
    assert client.get("/catalogue/export.xml").status_code == 404
    assert client.get("/catalogue/export/csv/").status_code == 200


def import_file(path, *options):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_catalogue", str(path), *options, stdout=out, stderr=err)
    except CommandError as exc:
        raise AssertionError(err.getvalue()) from exc
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_importing_the_export_changes_nothing(
    client, tmp_path, index, catalogue, places, fmt
):
    # An entry with a rich body written in the admin, one whose title a spreadsheet
    # would take for a formula, one in a municipality whose name exists twice, and one
    # from an earlier import.
    rich = catalogue["ombud"]
    rich.how = [
        {"type": "heading", "value": {"text": "Steg för steg", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                '<p data-block-key="a1">Först <b>detta</b>.</p>'
                "<ul><li>Ett</li><li>Två</li></ul>"
            ),
        },
        {
            "type": "quote",
            "value": {"text": "Det fungerar.", "attribution": "Ett ombud"},
        },
    ]
    rich.who = "Alla i hemtjänsten"
    rich.effort = "medium"
    rich.save_revision().publish()
    make_entry(index, "=SUMMA(1;2)", summary="-minus först", tags=["@tagg"])
    twin = MunicipalityFactory(name="Bergen", official_code="9999", country__code="SE")
    make_entry(index, "Två Bergen", municipalities=[twin, places["bergen"]])
    make_entry(index, "Importerad", external_id="ext-1", year=2022)

    path = tmp_path / f"export.{fmt}"
    path.write_bytes(content(client.get(f"/catalogue/export.{fmt}")).encode())
    before = (Page.objects.count(), Revision.objects.count())
    out = import_file(path, "--publish")
    assert "0 created, 0 updated, 7 unchanged, 0 skipped, 0 rejected." in out
    assert (Page.objects.count(), Revision.objects.count()) == before
    # The export of the re-imported catalogue is the same file.
    assert content(client.get(f"/catalogue/export.{fmt}")).encode() == path.read_bytes()


def test_export_quotes_formula_cells(client, index):
    make_entry(index, '=HYPERLINK("http://example.org")')
    rows = csv_rows(client.get("/catalogue/export.csv"))
    assert rows[0]["title"].startswith("'=")


def export_queries(client):
    csv_rows(client.get("/catalogue/export.csv"))  # warm caches
    with CaptureQueriesContext(connection) as context:
        rows = csv_rows(client.get("/catalogue/export.csv"))
    return len(rows), len(context.captured_queries)


def test_export_queries_do_not_grow(client, index, places):
    def add(count, prefix):
        for number in range(count):
            make_entry(
                index,
                f"{prefix} {number}",
                municipalities=[places["halmstad"]],
                tags=["a", f"{prefix}{number}"],
                competences=["2.4"],
            )

    add(3, "liten")
    rows, few = export_queries(client)
    assert rows == 3
    add(12, "stor")
    rows, many = export_queries(client)
    assert rows == 15 and many == few


# --- Feeds ------------------------------------------------------------------------


def test_rss_feed_lists_new_catalogue_items(client, catalogue):
    response = client.get("/catalogue/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    items = root.findall("./channel/item")
    titles = [item.findtext("title") for item in items]
    assert set(titles) == {
        catalogue[key].title for key in ("ombud", "velferd", "bibliotek", "utbildning")
    }
    # Newest first.
    assert titles[0] == catalogue["utbildning"].title
    first = items[0]
    assert first.findtext("link") == "http://testserver" + catalogue["utbildning"].url
    assert first.findtext("description") == catalogue["utbildning"].summary
    assert "Practice" in [c.text for c in first.findall("category")]


def test_atom_feed_filtered_by_tag_and_municipality(client, catalogue):
    response = client.get("/catalogue/feed/atom/?tag=65")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = {entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")}
    assert titles == {catalogue["ombud"].title, catalogue["bibliotek"].title}
    assert "Tag: 65" in root.findtext(f"{ATOM}title")

    by_place = ET.fromstring(
        client.get("/catalogue/feed/atom/?municipality=bergen").content
    )
    assert [e.findtext(f"{ATOM}title") for e in by_place.findall(f"{ATOM}entry")] == [
        catalogue["velferd"].title
    ]

    by_type = ET.fromstring(client.get("/catalogue/feed/rss/?type=entry").content)
    assert len(by_type.findall("./channel/item")) == 4


def test_catalogue_page_links_its_feeds(client, catalogue):
    html = client.get("/catalogue/?tag=65").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/catalogue/feed/rss/"' in html
    assert 'href="/catalogue/feed/atom/?tag=65"' in html
    assert 'href="/catalogue/export.csv?tag=65"' in html


# --- API --------------------------------------------------------------------------


def test_page_api_exposes_the_taxonomy_fields(client, catalogue):
    response = client.get(
        "/api/v2/pages/?type=catalogue.CatalogueEntryPage"
        "&fields=summary,language,year,municipalities,tags,competences,verified,sector,target_groups"
    )
    assert response.status_code == 200, response.content
    items = {item["title"]: item for item in response.json()["items"]}
    item = items[catalogue["ombud"].title]
    assert item["summary"] == catalogue["ombud"].summary
    assert (
        item["language"] == "sv" and item["year"] == 2020 and item["verified"] is True
    )
    assert item["municipalities"] == [
        {
            "slug": "halmstad",
            "name": "Halmstad",
            "official_code": "1380",
            "country": "SE",
        }
    ]
    assert item["tags"] == ["65+", "välfärdsteknik"]
    assert item["competences"][0]["code"] == "2.4"
    assert item["sector"]["slug"] == "elderly-care"
    assert item["target_groups"] == [{"slug": "citizens-65", "name": "Citizens 65+"}]
    assert catalogue["draft"].title not in items


def test_page_api_detail_has_entry_fields(client, catalogue):
    page = catalogue["velferd"]
    page.who = "Bergen kommune"
    page.links.add(page.links.model(title="Rapport", url="https://example.org/r"))
    page.save_revision().publish()
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["who"] == "Bergen kommune"
    assert data["links"][0]["url"] == "https://example.org/r"
    assert data["municipalities"][0]["name"] == "Bergen"
    assert CatalogueEntryPage.objects.get(pk=page.pk).live
