"""The "Share an experience" form's optional video from the media library."""

from stories.forms import StoryForm
from stories.models import CaseStoryPage, StoryIndexPage
from stories.services import (
    StoryInput,
    resubmit_story,
    story_video_block,
    submit_story,
)
from tests.media.media_helpers import publish_video_page


def _story_index():
    from home.models import HomePage

    index = StoryIndexPage(title="Berättelser", slug="stories")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    return index


def _data(halmstad, **extra):
    return {
        "title": "Med film",
        "summary": "En berättelse med en film.",
        "body": "Vi filmade ombudsmötet.",
        "municipalities": [str(halmstad.pk)],
        "language": "sv",
        "consent": "on",
        **extra,
    }


def test_only_published_library_videos_are_offered(db, ready_video, video_index):
    assert list(StoryForm().fields["video"].queryset) == []
    publish_video_page(video_index, "Publicerad", ready_video)
    assert list(StoryForm().fields["video"].queryset) == [ready_video]


def test_the_share_page_shows_the_video_choice_only_when_there_are_videos(
    client, ambassador, ready_video, video_index
):
    index = _story_index()
    client.force_login(ambassador)
    assert 'name="video"' not in client.get(index.url + "share/").content.decode()
    publish_video_page(video_index, "Publicerad", ready_video)
    assert 'name="video"' in client.get(index.url + "share/").content.decode()


def test_a_shared_story_embeds_the_chosen_video_and_keeps_it_on_resubmit(
    ambassador, halmstad, ready_video, video_index, django_capture_on_commit_callbacks
):
    publish_video_page(video_index, "Publicerad", ready_video)
    index = _story_index()
    form = StoryForm(_data(halmstad, video=str(ready_video.pk)))
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        story = submit_story(ambassador, index, StoryInput.from_form(form.cleaned_data))
    story = CaseStoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    block = story_video_block(story)
    assert block.value["video"] == ready_video
    assert [b.block_type for b in story.body] == ["paragraph", "video"]
    assert resubmit_story is not None  # the edit flow keeps the block (see views)


def test_a_video_that_is_not_published_cannot_be_chosen(halmstad, ready_video, db):
    form = StoryForm(_data(halmstad, video=str(ready_video.pk)))
    assert not form.is_valid() and "video" in form.errors
