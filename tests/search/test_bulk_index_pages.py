"""Classified pages in the search index built in bulk (search.indexing.all_documents):
whether a view restriction covers a page is read with the batch (taxonomy.searchable
view_restriction_annotations), not through Wagtail's one or two queries a page, and
decides as Wagtail does: on the page or an ancestor, and through an alias."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import HomePage
from search import indexing
from search.documents import checksum
from search.registry import registry
from stories.models import CaseStoryPage, StoryIndexPage
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexes():
    """Two story indexes under the home page: one open, one for signed-in readers."""
    home = HomePage.objects.first()
    made = []
    for slug in ("open-stories", "closed-stories"):
        index = StoryIndexPage(title=slug, slug=slug, intro="")
        home.add_child(instance=index)
        index.save_revision().publish()
        made.append(index)
    PageViewRestriction.objects.create(
        page=made[1], restriction_type=PageViewRestriction.LOGIN
    )
    return made


def story_documents():
    with CaptureQueriesContext(connection) as queries:
        documents = list(indexing.all_documents([registry.get("story")]))
    return {document.title: document for document in documents}, len(queries)


def test_restricted_pages_are_left_out_in_bulk_with_the_same_queries_for_any_count(
    indexes,
):
    open_index, closed_index = indexes
    publish_story(open_index, "Öppen berättelse 0")
    publish_story(closed_index, "Stängd berättelse 0")
    own = publish_story(open_index, "Egen spärr 0")
    PageViewRestriction.objects.create(
        page=own, restriction_type=PageViewRestriction.LOGIN
    )
    story_documents()  # once, for what a process reads once (site root paths)
    few, few_queries = story_documents()
    for number in range(1, 9):
        publish_story(open_index, f"Öppen berättelse {number}")
        publish_story(closed_index, f"Stängd berättelse {number}")
    many, many_queries = story_documents()

    opened = {f"Öppen berättelse {number}" for number in range(9)}
    assert opened <= set(many)
    # Neither under a restricted index nor restricted itself.
    assert not [title for title in many if "Stängd" in title or "Egen spärr" in title]
    assert len(many) == len(few) + 8
    assert many_queries == few_queries

    # Each bulk document is the one Wagtail's own check gives for the page alone.
    searchable = registry.get("story")
    for page in CaseStoryPage.objects.all():
        alone = searchable.to_document(page)  # no annotations: Wagtail decides
        if alone is None:
            assert page.title not in many
        else:
            assert checksum(many[page.title]) == checksum(alone)


def test_an_alias_of_a_restricted_page_is_left_out_as_wagtail_says(indexes):
    open_index, _closed_index = indexes
    source = publish_story(open_index, "Källa bakom inloggning")
    PageViewRestriction.objects.create(
        page=source, restriction_type=PageViewRestriction.LOGIN
    )
    alias = source.create_alias(update_slug="alias-av-kallan")
    # Wagtail: an alias has its source's restrictions, though not under it.
    assert not alias.path.startswith(source.path)
    assert alias.get_view_restrictions().exists()

    documents, _queries = story_documents()
    assert "Källa bakom inloggning" not in documents
