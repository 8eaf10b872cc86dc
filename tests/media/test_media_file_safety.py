"""An upload can never become a page of the site: stored names are generated from what
the file really is, files are served only with types from an allow-list, never sniffed,
sandboxed; paths are plain before any check."""

import subprocess

import pytest

from media.services import create_video
from media.serving import SERVED_TYPES
from tests.media.media_helpers import upload

pytestmark = pytest.mark.django_db

HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def html_in_wav(tmp_path):
    """A real WAV file (ffprobe accepts it) that carries HTML and script inside."""
    path = tmp_path / "page.html"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=8000",
            "-t",
            "1",
            "-metadata",
            f"title={HTML.decode()}",
            "-f",
            "wav",
            str(path),
            "-y",
        ],
        check=True,
    )
    path.write_bytes(path.read_bytes() + HTML)
    return path


def _body(response):
    return b"".join(response.streaming_content)


def test_an_upload_named_like_a_page_is_stored_and_served_as_what_it_is(
    client, html_in_wav, ambassador, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        video = create_video(
            ambassador,
            "Ljud",
            upload(html_in_wav, name="page.html", content_type="text/html"),
        )
    name = video.file.name
    assert name.startswith("media/") and name.endswith(".wav")
    assert "page" not in name and len(name.rsplit("/", 1)[1]) == 36
    response = client.get(video.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert HTML in _body(response)  # the bytes are there, inert


@pytest.mark.parametrize("name", ["proof.js", "page.html", "logo.svg", "x.xhtml"])
def test_a_file_with_another_name_is_only_ever_a_download(client, settings, name):
    folder = settings.MEDIA_ROOT / "media"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(HTML)
    response = client.get(f"/media/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_script_or_markup_type_is_in_the_allow_list():
    for content_type in SERVED_TYPES.values():
        assert not any(
            word in content_type for word in ("html", "javascript", "svg", "xml")
        )


@pytest.mark.parametrize(
    "path",
    [
        "/media/media/%2e%2e/private/network/secret.png",
        "/media/media/..%2fprivate/network/secret.png",
        "/media/media/%2E%2E/private/network/secret.png",
        "/media/media/./../private/network/secret.png",
        "/media/media//private/network/secret.png",
        "/media/media/..\\private\\network\\secret.png",
    ],
)
def test_paths_are_plain_before_any_check(client, settings, path):
    folder = settings.MEDIA_ROOT / "private" / "network"
    folder.mkdir(parents=True)
    (folder / "secret.png").write_bytes(b"\x89PNG secret")
    response = client.get(path)
    assert response.status_code == 404


def test_a_range_of_thousands_of_digits_is_not_an_error(client, settings):
    folder = settings.MEDIA_ROOT / "media"
    folder.mkdir(parents=True)
    (folder / "a.mp3").write_bytes(b"ID3" + b"0" * 100)
    response = client.get("/media/media/a.mp3", HTTP_RANGE="bytes=" + "9" * 5000 + "-")
    assert response.status_code == 200
    assert len(_body(response)) == 103
