"""Uploading and processing with the real ffmpeg: metadata, poster, rendition, and
every kind of bad file ending as a clear failure without leftovers."""

import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from media import processing
from media.models import ProcessingStatus, Video
from media.services import create_video, process_video
from tests.media.media_helpers import make_ready_video, upload


def stored_files(settings):
    root = settings.MEDIA_ROOT
    found = []
    for folder, _dirs, names in os.walk(root):
        found += [os.path.relpath(os.path.join(folder, name), root) for name in names]
    return sorted(found)


def test_an_mp4_is_probed_given_a_poster_and_needs_no_rendition(
    sample_files, ambassador, django_capture_on_commit_callbacks
):
    video = make_ready_video(
        sample_files["mp4"], ambassador, django_capture_on_commit_callbacks
    )
    assert video.status == ProcessingStatus.READY
    assert video.type == "video"
    assert video.duration == pytest.approx(2.0, abs=0.1)
    assert (video.width, video.height) == (160, 120)
    assert (video.video_codec, video.audio_codec) == ("h264", "aac")
    assert video.thumbnail.name.endswith("-poster.jpg")
    assert video.thumbnail.read(3) == b"\xff\xd8\xff"  # a JPEG
    assert not video.rendition
    assert video.sources[0]["type"] == "video/mp4"


def test_a_mov_in_an_old_codec_gets_an_h264_rendition(
    sample_files, ambassador, django_capture_on_commit_callbacks
):
    video = make_ready_video(
        sample_files["mov"], ambassador, django_capture_on_commit_callbacks
    )
    assert video.status == ProcessingStatus.READY
    assert video.video_codec == "mpeg4"
    assert video.rendition.name.endswith("-web.mp4")
    result = processing.probe(video.rendition.path)
    assert result.video_codec == "h264" and result.pix_fmt == "yuv420p"
    assert video.sources[0]["src"] == video.rendition.url  # the player tries it first


def test_a_webm_plays_as_it_is(
    sample_files, ambassador, django_capture_on_commit_callbacks
):
    video = make_ready_video(
        sample_files["webm"], ambassador, django_capture_on_commit_callbacks
    )
    assert video.status == ProcessingStatus.READY and video.video_codec == "vp8"
    assert not video.rendition


def test_audio_is_accepted_without_poster(
    sample_files, ambassador, django_capture_on_commit_callbacks
):
    video = make_ready_video(
        sample_files["mp3"], ambassador, django_capture_on_commit_callbacks
    )
    assert video.type == "audio" and video.status == ProcessingStatus.READY
    assert not video.thumbnail


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("text", "not a video or audio file"),
        ("truncated", "incomplete or damaged"),
        ("empty", "empty"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason_and_leave_nothing(
    sample_files, ambassador, settings, sample, message
):
    with pytest.raises(ValidationError) as caught:
        create_video(ambassador, "Fel", upload(sample_files[sample]))
    assert message in " ".join(caught.value.messages)
    assert not Video.objects.exists()
    assert stored_files(settings) == []


def test_an_upload_over_the_size_limit_is_refused(sample_files, ambassador, settings):
    settings.DELA_MEDIA_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(ValidationError) as caught:
        create_video(ambassador, "Stor", upload(sample_files["mp4"]))
    assert "largest file you can upload is 1000" in caught.value.messages[0]
    assert not Video.objects.exists() and stored_files(settings) == []


def test_a_file_damaged_after_upload_fails_with_a_reason_and_no_leftovers(
    sample_files, ambassador, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        video = create_video(ambassador, "Trasig", upload(sample_files["mp4"]))
    assert video.status == ProcessingStatus.QUEUED
    with open(video.file.path, "r+b") as handle:  # the stored file gets cut off
        handle.truncate(1000)
    assert process_video(video.pk) == ProcessingStatus.FAILED  # no exception
    video.refresh_from_db()
    assert video.status == ProcessingStatus.FAILED
    assert "incomplete or damaged" in video.get_failure_reason_display()
    assert stored_files(settings) == [video.file.name]  # no poster, no rendition


def test_a_missing_file_and_a_hanging_ffmpeg_end_in_failed(
    sample_files, ambassador, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        video = create_video(ambassador, "Borta", upload(sample_files["mp4"]))
    settings.DELA_MEDIA_PROBE_TIMEOUT = 0.000001
    assert process_video(video.pk) == ProcessingStatus.FAILED
    video.refresh_from_db()
    assert video.failure_reason == "timeout"
    settings.DELA_MEDIA_PROBE_TIMEOUT = 30
    os.remove(video.file.path)
    assert process_video(video.pk) == ProcessingStatus.FAILED
    video.refresh_from_db()
    assert video.failure_reason == "missing"


def test_choosing_another_poster_time_takes_a_new_poster(
    sample_files, ambassador, django_capture_on_commit_callbacks
):
    video = make_ready_video(
        sample_files["mp4"], ambassador, django_capture_on_commit_callbacks
    )
    first = video.thumbnail.name
    video.poster_time = 1.5
    with django_capture_on_commit_callbacks(execute=True):
        video.save()
    video.refresh_from_db()
    assert video.thumbnail.name != first
    assert video.thumbnail.storage.exists(video.thumbnail.name)
    assert not video.thumbnail.storage.exists(first)  # the old poster is gone


def test_members_and_visitors_cannot_upload(sample_files, member):
    with pytest.raises(PermissionDenied):
        create_video(member, "Nej", upload(sample_files["mp4"]))


def test_deleting_a_video_removes_its_files(
    sample_files, ambassador, settings, django_capture_on_commit_callbacks
):
    video = make_ready_video(
        sample_files["mov"],
        ambassador,
        django_capture_on_commit_callbacks,
        captions={"sv": "WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"},
    )
    files = stored_files(settings)
    library = [f for f in files if not f.startswith(("images/", "original_images/"))]
    assert len(library) == 4  # upload, poster, rendition, captions
    # and the poster's library image with its card renditions (for the cards)
    assert any(name.startswith("original_images/") for name in files)
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert stored_files(settings) == []


def test_a_transcode_is_never_given_more_than_the_ceiling(settings, monkeypatch):
    """The time limit grows with the length a file claims, up to a ceiling: a file
    claiming to last days cannot hold the worker for hours."""
    from media import processing

    seen = {}

    def fake_run(command, timeout):
        seen["timeout"] = timeout
        raise processing.MediaError(processing.FailureReason.TRUNCATED, "stop")

    monkeypatch.setattr(processing, "_run", fake_run)
    settings.DELA_MEDIA_TRANSCODE_MAX_TIMEOUT = 1800
    with pytest.raises(processing.MediaError):
        processing.transcode("in.mp4", "out.mp4", duration=10 * 24 * 3600)
    assert seen["timeout"] == 1800
    with pytest.raises(processing.MediaError):
        processing.transcode("in.mp4", "out.mp4", duration=60)
    assert seen["timeout"] == 600
