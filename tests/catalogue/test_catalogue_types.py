"""The catalogue lists every ClassifiedPage type through the base class. These tests
use the case stories of the stories app when it is installed, without the catalogue's
code importing it: the type facet, the export's type column, the import skipping other
types, feeds by type and related entries across types."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail import blocks

from taxonomy.models import ClassifiedPage
from tests.catalogue.catalogue_factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(index, catalogue, places):
    types = ClassifiedPage.catalogue_types()
    if "story" not in types:
        pytest.skip("the stories app (CaseStoryPage) is not installed")
    model = types["story"][1]
    body_block = model._meta.get_field("body").stream_block
    paragraph = next(
        (
            name
            for name, block in body_block.child_blocks.items()
            if isinstance(block, blocks.RichTextBlock)
        ),
        None,
    )
    if paragraph is None:
        pytest.skip("case stories have no rich text block to write a body with")
    # Placed under the catalogue for the test: the tree rules of the admin do not
    # matter to what the catalogue lists.
    return make_entry(
        index,
        "Berättelsen om ombuden i Halmstad",
        page_class=model,
        language="sv",
        year=2022,
        municipalities=[places["halmstad"]],
        tags=["65+", "välfärdsteknik"],
        competences=["2.4"],
        body=[{"type": paragraph, "value": "<p>Så gick det till.</p>"}],
    )


def test_type_facet_counts_and_filters_each_type(client, story, catalogue):
    response = client.get("/catalogue/")
    types = {
        item.value: item.count
        for facet, values in response.context["listing"].facets
        if facet.name == "type"
        for item in values
    }
    assert types == {"entry": 4, "story": 1}
    stories = client.get("/catalogue/?type=story")
    titles = [p.title for p in stories.context["listing"].page_obj.object_list]
    assert titles == [story.title]
    assert "Case story" in stories.content.decode()
    both = client.get("/catalogue/?type=story&type=entry&tag=65")
    assert {p.title for p in both.context["listing"].page_obj.object_list} == {
        story.title,
        catalogue["ombud"].title,
        catalogue["bibliotek"].title,
    }


def test_export_and_reimport_with_stories(client, tmp_path, story, catalogue):
    text = b"".join(client.get("/catalogue/export.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    story_row = next(row for row in rows if row["type"] == "story")
    assert story_row["title"] == story.title and story_row["external_id"] == ""
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode())
    out = StringIO()
    call_command("import_catalogue", str(path), stdout=out, stderr=StringIO())
    assert "0 created, 0 updated, 4 unchanged, 1 skipped, 0 rejected." in out.getvalue()


def test_new_stories_feed(client, story):
    response = client.get("/catalogue/feed/atom/?type=story")
    assert story.title in response.content.decode()
    assert "Digitala ombud i hemtjänsten" not in response.content.decode()


def test_related_entries_cross_types(index, story, catalogue):
    related = [page.title for page in catalogue["ombud"].related_pages(limit=4)]
    assert related[0] == story.title
    entry = make_entry(index, "Helt fristående", tags=["unik"])
    assert list(entry.related_pages()) == []
