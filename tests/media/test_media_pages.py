"""/videos/, video pages, the transcript download, the story video block, and the
caption gate that keeps uncaptioned videos unpublished."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from wagtail.rich_text import RichText

from media.models import Video, VideoPage
from stories.models import CaseStoryPage, StoryIndexPage
from tests.factories import MunicipalityFactory
from tests.media.media_helpers import publish_video_page


def test_video_page_plays_with_tracks_poster_and_transcript(client, video_page):
    response = client.get(video_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    video = video_page.video
    assert "<video controls" in html
    assert f'poster="{video.thumbnail.url}"' in html
    assert f'<source src="{video.file.url}" type="video/mp4">' in html
    track = video.track_for("sv")
    assert (
        f'<track kind="captions" src="{track.file.url}" srclang="sv" '
        f'label="{track.label}" default>'
    ) in html
    # The transcript under the player is the captions' cues, each with its moment
    # (in seconds, never localised: "1,5" would not be a time), so the player can
    # mark the one being said.
    for cue in track.cues:
        assert (
            f'<span class="video-transcript__cue" data-start="{cue["start"]}" '
            f'data-end="{cue["end"]}">{cue["text"]}</span>'
        ) in html
    assert 'href="' + video_page.url + 'transcript.txt"' in html


def test_transcript_download(client, video_page):
    response = client.get(video_page.url + "transcript.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "Vi visar surfplattan." in response.content.decode()


def test_a_written_transcript_wins_over_the_captions(client, video_page):
    video_page.transcript = "Det skrivna manuset."
    video_page.save_revision().publish()
    response = client.get(video_page.url + "transcript.txt")
    assert "Det skrivna manuset." in response.content.decode()
    html = client.get(video_page.url).content.decode()
    assert "<p>Det skrivna manuset.</p>" in html
    assert "video-transcript__cue" not in html  # an editor's text has no moments


def test_video_page_query_count_is_constant(
    client, video_page, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as first:
        client.get(video_page.url)
    video = video_page.video
    for language in ("da", "nb", "en"):
        from media.services import add_caption_track
        from tests.media.media_helpers import SAMPLE_VTT, text_upload

        add_caption_track(video, language, "captions", text_upload(SAMPLE_VTT))
    for index in range(3):
        video_page.municipalities.add(MunicipalityFactory(name=f"Kommun {index}"))
    video_page.save_revision().publish()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(video_page.url)
    assert response.content.decode().count("<track ") == 4


def test_index_lists_videos_with_facets_and_duration(
    client, video_index, ready_video, halmstad, django_assert_max_num_queries
):
    publish_video_page(video_index, "Kort film", ready_video, municipalities=[halmstad])
    response = client.get(video_index.url)
    html = response.content.decode()
    assert "1 video" in html and "Kort film" in html
    assert 'name="duration" value="short"' in html
    assert 'name="municipality" value="halmstad"' in html
    assert "Under 2 minutes" in html
    assert "0:02" in html
    assert (
        client.get(video_index.url + "?duration=long")
        .context["page_obj"]
        .paginator.count
        == 0
    )
    filtered = client.get(video_index.url + "?duration=short&municipality=halmstad")
    assert filtered.context["page_obj"].paginator.count == 1
    bad = client.get(video_index.url + "?duration=forever")
    assert "forever" in bad.content.decode()  # reported, and the rest still lists
    assert bad.context["page_obj"].paginator.count == 1


def test_index_query_count_does_not_grow(
    client, video_index, ready_video, django_assert_max_num_queries
):
    publish_video_page(video_index, "Film 1", ready_video)
    with django_assert_max_num_queries(40) as first:
        client.get(video_index.url)
    for number in range(2, 7):
        publish_video_page(
            video_index, f"Film {number}", ready_video, tags=[f"tagg{number}"]
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(video_index.url)
    assert "6 videos" in response.content.decode()


def test_index_paginates(client, video_index, ready_video):
    for number in range(13):
        publish_video_page(video_index, f"Film {number}", ready_video)
    response = client.get(video_index.url + "?duration=short&page=2")
    assert response.context["page_obj"].number == 2
    assert "duration=short&amp;page=1" in response.content.decode()


def test_videos_appear_in_the_main_menu(client, video_index):
    html = client.get("/").content.decode()
    assert f'href="{video_index.url}"' in html


def test_story_embeds_a_library_video_with_the_same_player(
    client, ready_video, django_assert_max_num_queries
):
    from home.models import HomePage

    home = HomePage.objects.first()
    index = StoryIndexPage(title="Berättelser", slug="stories")
    home.add_child(instance=index)
    story = CaseStoryPage(
        title="Med film",
        summary="En berättelse med film.",
        language="sv",
        body=[
            ("paragraph", RichText("<p>Se filmen.</p>")),
            ("video", {"video": ready_video, "caption": "Så gjorde vi"}),
        ],
    )
    index.add_child(instance=story)
    story.save_revision().publish()
    with django_assert_max_num_queries(40) as first:
        response = client.get(story.url)
    html = response.content.decode()
    assert "<video controls" in html and "Så gjorde vi" in html
    assert 'srclang="sv"' in html
    story.body = [
        *[(block.block_type, block.value) for block in story.body],
        ("video", {"video": ready_video, "caption": "Igen"}),
        ("video", {"video": ready_video, "caption": "Och igen"}),
    ]
    story.save_revision().publish()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(story.url)
    assert response.content.decode().count("<video controls") == 3


# --- The caption gate -------------------------------------------------------------


def _draft(video_index, video, language="sv"):
    page = VideoPage(
        title="Utkast",
        summary="Ett utkast.",
        language=language,
        video=video,
        live=False,
    )
    video_index.add_child(instance=page)
    return page


def test_a_page_without_captions_in_its_language_cannot_be_published(
    video_index, ready_video
):
    page = _draft(video_index, ready_video, language="da")
    with translation.override("en"):
        assert "Add captions in Danish" in page.publication_problem()
    with pytest.raises(ValidationError):
        page.save_revision().publish()
    assert not VideoPage.objects.get(pk=page.pk).live
    page.language = "sv"
    page.save_revision().publish()  # Swedish captions exist
    assert VideoPage.objects.get(pk=page.pk).live


def test_editors_see_why_in_the_admin(client, editor, video_index, ready_video):
    page = _draft(video_index, ready_video, language="nb")
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert "This video page cannot be published yet." in edit.content.decode()
    assert "Add captions in" in edit.content.decode()
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Utkast",
            "slug": page.slug,
            "summary": "Ett utkast.",
            "video": ready_video.pk,
            "language": "nb",
            "description": "",
            "transcript": "",
            "tags": "",
            "action-publish": "1",
        },
        follow=True,
    )
    assert "was saved as a draft but not published" in response.content.decode()
    assert not VideoPage.objects.get(pk=page.pk).live


def test_a_failed_video_cannot_be_published(video_index, ready_video):
    Video.objects.filter(pk=ready_video.pk).update(
        status="failed", failure_reason="truncated"
    )
    page = _draft(video_index, ready_video)
    assert "incomplete or damaged" in page.publication_problem()


def test_approving_in_the_workflow_is_refused_without_captions(
    client, editor, ambassador, video_index, ready_video, halmstad
):
    from wagtail.models import WorkflowState

    from media.services import submit_video_page

    page = submit_video_page(
        ambassador,
        video_index,
        ready_video,
        {"title": "Till granskning", "summary": "Kort.", "language": "sv"},
    )
    ready_video.caption_tracks.all().delete()  # captions removed during review
    client.force_login(editor)
    task_state = WorkflowState.objects.for_instance(page).get().current_task_state
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "video": ready_video.pk,
            "language": "sv",
            "description": "",
            "transcript": "",
            "tags": "",
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
        follow=True,
    )
    page.refresh_from_db()
    assert not page.live
    # The review offers no approval while the rule is broken: the page editor
    # shows what is missing instead, and the dashboard's action is refused.
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'data-workflow-action-name="approve"' not in edit
    assert 'data-workflow-action-name="reject"' in edit
    for data in ({}, {"comment": "Bra film!"}):
        response = client.post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", data
        )
        assert response.status_code in (302, 403)
        assert not VideoPage.objects.get(pk=page.pk).live
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    problem = str(VideoPage.objects.get(pk=page.pk).publication_problem())
    assert escape(problem) in edit
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # nothing half-done
    assert not VideoPage.objects.get(pk=page.pk).live
