"""Editors and the library in Wagtail's admin (wagtailmedia's views with Dela's
checks): uploads checked by content, processing queued, poster choices, captions."""

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection

from media.models import CaptionTrack, ProcessingStatus, Video
from tests.media.media_helpers import upload


def _post_add(client, file):
    return client.post(
        "/admin/media/video/add/",
        {
            "title": "Från admin",
            "file": file,
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def test_an_editor_uploads_a_video_that_is_then_processed(
    client, editor, sample_files, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_add(client, upload(sample_files["mp4"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    video = Video.objects.get()
    assert video.status == ProcessingStatus.READY
    assert video.uploaded_by_user == editor and video.thumbnail


def test_the_admin_refuses_a_renamed_text_file(client, editor, sample_files, settings):
    client.force_login(editor)
    response = _post_add(client, upload(sample_files["text"]))
    assert response.status_code == 200
    assert "not a video or audio file" in response.content.decode()
    assert not Video.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_an_uploaded_poster_replaces_the_generated_one(
    client, editor, ready_video, django_capture_on_commit_callbacks
):
    from tests.stories.story_helpers import png_bytes

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/media/edit/{ready_video.pk}/",
            {
                "title": ready_video.title,
                "collection": ready_video.collection_id,
                "thumbnail": SimpleUploadedFile(
                    "affisch.png", png_bytes(size=(32, 24)), content_type="image/png"
                ),
                "poster_time": "",
                "tags": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    video = Video.objects.get(pk=ready_video.pk)
    assert video.custom_poster and video.thumbnail.name.endswith(".png")


def test_editors_add_caption_tracks_in_the_admin(client, editor, ready_video):
    client.force_login(editor)
    response = client.post(
        "/admin/caption_tracks/new/",
        {
            "video": ready_video.pk,
            "language": "da",
            "kind": "captions",
            "file": SimpleUploadedFile(
                "da.srt", b"1\n00:00:00,000 --> 00:00:01,000\nHej\n"
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    track = CaptionTrack.objects.get(language="da")
    assert track.file.read().startswith(b"WEBVTT")
    assert track.cues == [{"start": 0.0, "end": 1.0, "text": "Hej"}]
    broken = client.post(
        "/admin/caption_tracks/new/",
        {
            "video": ready_video.pk,
            "language": "en",
            "kind": "captions",
            "file": SimpleUploadedFile("en.vtt", b"WEBVTT\n\n00:01 --> 00:02\nHi\n"),
        },
    )
    assert broken.status_code == 200
    assert "Line 3: the timing" in broken.content.decode()
    # The Swedish track of the fixture and the Danish one; nothing from the broken file.
    assert CaptionTrack.objects.filter(video=ready_video).count() == 2
