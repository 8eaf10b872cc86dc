"""Editors curate the catalogue in the Wagtail admin: the edit forms of every page type
render, and an editor can add an entry with its taxonomy and curation marks."""

import pytest

from catalogue.models import CatalogueEntryPage
from tests.catalogue.catalogue_factories import make_collection, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_edit_forms_render(editor_client, index, catalogue):
    collection = make_collection(index, items=[catalogue["ombud"]], rule_tags=["65+"])
    for page in (index, catalogue["ombud"], collection):
        response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    for model in ("catalogueentrypage", "cataloguecollectionpage"):
        response = editor_client.get(f"/admin/pages/add/catalogue/{model}/{index.pk}/")
        assert response.status_code == 200, model
    html = editor_client.get(f"/admin/pages/{index.pk}/edit/").content.decode()
    assert "Editor&#x27;s picks" in html or "Editor's picks" in html


def test_editor_adds_an_entry(editor_client, index, places):
    data = {
        "title": "Nytt exempel",
        "slug": "nytt-exempel",
        "summary": "Kort om exemplet.",
        "who": "",
        "how-count": "0",
        "results": "",
        "effort": "low",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-title": "Läs mer",
        "links-0-url": "https://example.org/",
        "links-0-ORDER": "1",
        "contact_name": "",
        "contact_email": "",
        "language": "sv",
        "year": "2024",
        "municipalities": [places["halmstad"].pk],
        "tags": "välfärdsteknik",
        "external_id": "",
        "verified": "on",
        "action-publish": "publish",
    }
    response = editor_client.post(
        f"/admin/pages/add/catalogue/catalogueentrypage/{index.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = CatalogueEntryPage.objects.get(slug="nytt-exempel")
    assert page.live and page.verified and page.external_id is None
    assert page.links.get().url == "https://example.org/"
    # A second entry without an external ID does not collide with the first.
    make_entry(index, "Ett till")
    assert CatalogueEntryPage.objects.filter(external_id=None).count() == 2


def test_editor_gets_a_message_for_a_ten_thousand_character_title(editor_client, index):
    data = {
        "title": "T" * 10_000,
        "slug": "lang",
        "summary": "Kort.",
        "how-count": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "language": "sv",
        "action-publish": "publish",
    }
    response = editor_client.post(
        f"/admin/pages/add/catalogue/catalogueentrypage/{index.pk}/", data
    )
    assert response.status_code == 200
    assert "at most 255 characters" in response.content.decode()
    assert not CatalogueEntryPage.objects.exists()
