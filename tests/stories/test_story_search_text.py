"""What search is told about a classified page: its text comes from the model's own
Wagtail ``search_fields`` (StreamField blocks and rich text read through Wagtail),
and every classified page type is described by taxonomy's one owner."""

import pytest
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from search.registry import registry
from taxonomy.models import ClassifiedPage
from taxonomy.searchable import ClassifiedSearch

pytestmark = pytest.mark.django_db


def test_a_word_said_only_in_a_storys_body_finds_it(
    make_story, client, django_capture_on_commit_callbacks
):
    # Before one owner read the body through Wagtail, a story's StreamField body was
    # never in its search document: only its title, summary and rich text fields.
    body = [
        ("heading", {"text": "Nattpatrullen", "level": "h2"}),
        ("paragraph", RichText("<p>Kaffeautomaten</p><p>blev mötesplatsen.</p>")),
        ("quote", {"text": "Vi lärde oss av varandra.", "attribution": "Anna"}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story("Trygghetslarm i Laholm", body=body)
    text = registry.get("story").to_document(story).text
    # Block text, with a space where one paragraph ends and the next begins.
    assert "Nattpatrullen" in text
    assert "Kaffeautomaten blev mötesplatsen." in text
    assert "Vi lärde oss av varandra." in text
    # Not the heading level's label nor markup.
    assert "Heading" not in text and "h2" not in text and "<p>" not in text

    found = client.get("/api/search/", {"q": "kaffeautomaten"}).json()
    assert [hit["title"] for hit in found["results"]] == ["Trygghetslarm i Laholm"]


def test_every_classified_page_type_is_described_by_one_owner():
    classified = [
        searchable
        for searchable in registry.types()
        if issubclass(searchable.model, ClassifiedPage)
    ]
    # Stories, catalogue entries, videos and learning paths at least.
    assert {s.name for s in classified} >= {"story", "entry", "video", "path"}
    for searchable in classified:
        assert isinstance(searchable, ClassifiedSearch), searchable
        # The catalogue's type vocabulary and labels are the model's own.
        assert searchable.name == searchable.model.catalogue_type
        assert searchable.label == searchable.model.catalogue_type_label
        # A view restriction takes every kind out of the index, videos included.
        assert PageViewRestriction in [model for model, _ in searchable.watch]
