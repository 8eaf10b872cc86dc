"""Helpers for the video library tests (fixtures are in conftest.py)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from media.models import Video, VideoPage
from media.services import add_caption_track, create_video

SAMPLE_VTT = """WEBVTT

00:00.000 --> 00:00.900
Välkommen till <i>Digga Halland</i>.

00:01.000 --> 00:01.900
Vi visar surfplattan.
"""


def upload(path, name=None, content_type="video/mp4"):
    return SimpleUploadedFile(
        name or path.name, path.read_bytes(), content_type=content_type
    )


def text_upload(text, name="captions.vtt", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/vtt")


def make_ready_video(path, user, capture, captions=None, title="Surfplattan"):
    """Upload and process a video the way the site does (real ffmpeg)."""
    with capture(execute=True):
        video = create_video(user, title, upload(path))
    video = Video.objects.get(pk=video.pk)
    for language, text in (captions or {}).items():
        add_caption_track(video, language, "captions", io.BytesIO(text.encode()))
    return Video.objects.get(pk=video.pk)


def publish_video_page(index, title, video, **fields):
    defaults = {
        "summary": f"Sammanfattning av {title}.",
        "language": "sv",
        "year": 2021,
    }
    defaults.update(fields)
    municipalities = defaults.pop("municipalities", ())
    tags = defaults.pop("tags", ())
    page = VideoPage(title=title, video=video, **defaults)
    page.municipalities.set(list(municipalities))
    page.tags.set(list(tags))
    index.add_child(instance=page)
    page.save_revision().publish()
    return VideoPage.objects.get(pk=page.pk)
