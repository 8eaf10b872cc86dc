"""Fixtures for the video library tests: tiny videos made once per session with the
real ffmpeg, the video index, ready videos with captions, and published video pages."""

import shutil
import subprocess

import pytest

from home.models import HomePage
from media.models import VideoIndexPage
from tests.media.media_helpers import SAMPLE_VTT, make_ready_video, publish_video_page


def _ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", *args, "-y"], check=True)


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory):
    """{name: path} of small generated media files (2 s, 160x120)."""
    folder = tmp_path_factory.mktemp("media-samples")
    source = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10"]
    tone = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050"]
    files = {
        "mp4": folder / "clip.mp4",
        "mov": folder / "clip.mov",
        "webm": folder / "clip.webm",
        "mp3": folder / "tone.mp3",
    }
    _ffmpeg(
        *source,
        *tone,
        "-t",
        "2",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        str(files["mp4"]),
    )
    _ffmpeg(*source, "-t", "2", "-c:v", "mpeg4", str(files["mov"]))
    _ffmpeg(
        *source,
        "-t",
        "1",
        "-c:v",
        "libvpx",
        "-b:v",
        "100k",
        "-deadline",
        "realtime",
        str(files["webm"]),
    )
    _ffmpeg(*tone, "-t", "1", "-c:a", "libmp3lame", str(files["mp3"]))
    data = files["mp4"].read_bytes()
    files["truncated"] = folder / "truncated.mp4"
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["text"] = folder / "notes.mp4"
    files["text"].write_text("This is a shopping list, not a video.\n" * 40)
    files["empty"] = folder / "empty.mp4"
    files["empty"].write_bytes(b"")
    return files


@pytest.fixture
def video_index(db):
    home = HomePage.objects.first()
    index = VideoIndexPage(title="Videor", slug="videos", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def ready_video(sample_files, ambassador, django_capture_on_commit_callbacks):
    """A processed MP4 uploaded by the ambassador, with Swedish captions."""
    return make_ready_video(
        sample_files["mp4"],
        ambassador,
        django_capture_on_commit_callbacks,
        captions={"sv": SAMPLE_VTT},
    )


@pytest.fixture
def video_page(video_index, ready_video):
    return publish_video_page(video_index, "Surfplattan i hemtjänsten", ready_video)


@pytest.fixture
def copy_sample(sample_files, tmp_path):
    def copy(name, filename=None):
        target = tmp_path / (filename or sample_files[name].name)
        shutil.copy(sample_files[name], target)
        return target

    return copy


@pytest.fixture(autouse=True)
def _in_english(english):
    """These tests assert English source strings (see tests/conftest.py)."""
