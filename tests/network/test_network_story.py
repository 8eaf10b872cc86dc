"""From thread to story: a solved thread becomes a draft in "Catalogue review"."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from home.models import HomePage
from network import services
from network.models import Post, Thread
from stories.models import CaseStoryPage, StoryIndexPage
from tests.network.test_network_privacy import log_in_again

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_index(db):
    home = HomePage.objects.first()
    index = StoryIndexPage(title="Berättelser", slug="stories", intro="Erfarenheter.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def solved(thread, ambassador, other_ambassador, member):
    answer, _created = services.reply(
        ambassador, thread, "Vi körde nattpass med ombud."
    )
    services.mark_solution(other_ambassador, answer)
    profile = services.profile_of(member)
    profile.credit_in_stories = False  # Maja prefers not to be named
    profile.save()
    return Thread.objects.get(pk=thread.pk)


def test_solved_thread_becomes_a_draft_in_review(
    client,
    story_index,
    solved,
    ambassador,
    other_ambassador,
    django_capture_on_commit_callbacks,
):
    client.force_login(other_ambassador)
    url = reverse("network:thread_story", args=[solved.pk])
    page = client.get(url).content.decode()
    assert "Karin Holm (Laholm)" in page
    assert "Maja Medlem" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    story = CaseStoryPage.objects.get()
    assert not story.live and story.owner == other_ambassador
    assert story.title == solved.title
    latest = story.get_latest_revision_as_object()
    text = " ".join(str(block.value) for block in latest.body)
    assert "nattpass med ombud" in text
    assert "Maja Medlem" not in text
    assert "1 colleague who prefers not to be named" in text
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    solved.refresh_from_db()
    assert solved.story_id == story.pk
    # Once only.
    assert client.get(url).status_code == 403


def test_only_participants_of_a_solved_thread(
    client, story_index, thread, ambassador, member
):
    client.force_login(ambassador)
    assert (
        client.get(reverse("network:thread_story", args=[thread.pk])).status_code == 403
    )
    client.force_login(member)  # members do not submit stories
    reply = Post.objects.get(thread=thread, position=2)
    services.mark_solution(thread.author, reply)
    assert (
        client.get(reverse("network:thread_story", args=[thread.pk])).status_code == 403
    )


def test_an_author_of_a_story_draft_can_still_erase_their_account(
    client, story_index, solved, other_ambassador, django_capture_on_commit_callbacks
):
    from network.stories import draft_story_from_thread

    with django_capture_on_commit_callbacks(execute=True):
        story = draft_story_from_thread(other_ambassador, solved)
    log_in_again(client, other_ambassador)
    response = client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.owner is None
