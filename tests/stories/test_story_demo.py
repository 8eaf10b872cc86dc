"""The stories demo: published stories in the seeds' languages, two submissions in
the review workflow, and nothing new on a second run."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Revision, WorkflowState

from home.demo import home_page
from stories.demo import AUTHOR_EMAIL, STORIES
from stories.models import CaseStoryPage, StoryIndexPage
from stories.services import ensure_review_workflow
from taxonomy.review import SubmissionStatus, attach_submissions

pytestmark = pytest.mark.django_db


def test_story_index_is_in_the_menu_and_on_the_home_page(demo, client):
    index = StoryIndexPage.objects.get()
    assert index.url == "/stories/"
    assert index.show_in_menus and index.live
    assert index.get_workflow() == ensure_review_workflow()
    sections = [block.value for block in home_page().sections]
    assert any(
        section["page"] and section["page"].pk == index.pk for section in sections
    )
    assert 'href="/stories/"' in client.get("/").content.decode()


def test_published_stories_cover_the_seed_languages(demo):
    stories = list(CaseStoryPage.objects.live().order_by("pk"))
    assert len(stories) == len(STORIES) == 8
    assert {story.language for story in stories} == {"sv", "nb", "nn", "da"}
    for story in stories:
        assert story.municipalities.exists(), story.title
        assert story.sector_id and story.year, story.title
        assert story.target_groups.exists() and story.competences.exists()
        assert story.tags.exists() and story.contacts.exists()
        assert story.owner.email.endswith("dela.example")
        assert any(block.block_type == "facts" for block in story.body)
    shared = CaseStoryPage.objects.live().filter(tags__name="välfärdsteknik")
    assert shared.count() >= 2


def test_submissions_show_the_workflow(demo, client):
    drafts = attach_submissions(
        CaseStoryPage.objects.filter(owner__email=AUTHOR_EMAIL, live=False)
    )
    assert {story.submission.status for story in drafts} == {
        SubmissionStatus.IN_REVIEW,
        SubmissionStatus.CHANGES_REQUESTED,
    }
    sent_back = next(story for story in drafts if story.submission.comment)
    assert "annorlunda" in sent_back.submission.comment


def test_demo_pages_render(demo, client):
    assert client.get("/stories/").status_code == 200
    assert client.get("/stories/?language=da").status_code == 200
    assert client.get("/stories/tag/välfärdsteknik/").status_code == 200
    for story in CaseStoryPage.objects.live():
        assert client.get(story.url).status_code == 200, story.url


def test_a_second_run_changes_nothing(demo):
    before = (
        CaseStoryPage.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
        len(home_page().sections),
    )
    call_command("load_demo", stdout=StringIO())
    after = (
        CaseStoryPage.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
        len(home_page().sections),
    )
    assert after == before
