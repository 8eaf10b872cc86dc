"""The catalogue's demo content: loaded through the import service, idempotent."""

from io import StringIO

import pytest
from django.core.management.color import no_style
from wagtail.models import Page, Revision

import catalogue.demo
import home.demo
import taxonomy.demo
from catalogue.models import (
    CatalogueCollectionPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
)
from home.demo import home_page

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    for module in (taxonomy.demo, home.demo, catalogue.demo):
        module.load(out, no_style())
    return out.getvalue()


def test_demo_catalogue_is_complete_and_idempotent(client):
    load()
    index = CatalogueIndexPage.objects.get()
    assert index.url == "/catalogue/" and index.live and index.show_in_menus
    entries = CatalogueEntryPage.objects.live()
    assert entries.count() >= 12
    assert set(entries.values_list("language", flat=True)) == {"sv", "nb", "da"}
    assert all(entry.external_id for entry in entries)
    assert (
        entries.filter(verified=True).exists()
        and entries.filter(featured=True).exists()
    )
    assert {c.title for c in CatalogueCollectionPage.objects.live()} == {
        "Välfärdsteknik",
        "Digital delaktighet 65+",
    }
    assert [pick.page.title for pick in index.editors_picks.all()][0] == (
        "Digitaliseringsombud i vård och omsorg"
    )
    sections = [block.value for block in home_page().sections]
    assert any(
        section.get("page") and section["page"].pk == index.pk for section in sections
    )

    before = (Page.objects.count(), Revision.objects.count(), len(home_page().sections))
    out = load()
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        len(home_page().sections),
    ) == before
    assert "0 curated; 0 collections changed; picks unchanged" in out

    for path in (
        "/catalogue/",
        "/catalogue/valfardsteknik/",
        "/catalogue/digital-delaktighet-65/",
    ):
        assert client.get(path).status_code == 200
    welfare = client.get("/catalogue/valfardsteknik/")
    languages = {
        page.language for page in welfare.context["listing"].page_obj.object_list
    }
    assert languages == {"sv", "nb", "da"}
