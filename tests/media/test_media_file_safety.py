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
    client.force_login(ambassador)  # the uploader, before any page shows it
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


def library_file(settings, user, name, content):
    """A library video row whose stored file is ``name`` (as older uploads kept the
    uploaded name), uploaded by ``user``."""
    from wagtail.models import Collection

    from media.models import Video

    folder = settings.MEDIA_ROOT / "media"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
    return Video.objects.create(
        title=name,
        file=f"media/{name}",
        type="audio",
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user,
    )


@pytest.mark.parametrize("name", ["proof.js", "page.html", "logo.svg", "x.xhtml"])
def test_a_file_with_another_name_is_only_ever_a_download(
    client, settings, ambassador, name
):
    library_file(settings, ambassador, name, HTML)
    client.force_login(ambassador)
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


def test_a_range_of_thousands_of_digits_is_not_an_error(client, settings, ambassador):
    library_file(settings, ambassador, "a.mp3", b"ID3" + b"0" * 100)
    client.force_login(ambassador)
    response = client.get("/media/media/a.mp3", HTTP_RANGE="bytes=" + "9" * 5000 + "-")
    assert response.status_code == 200
    assert len(_body(response)) == 103


def test_an_unpublished_videos_files_are_for_its_uploader_and_the_editors(
    client, ready_video, ambassador, member, editor, video_index, settings
):
    from tests.media.media_helpers import publish_video_page

    track = ready_video.track_for("sv")
    files = [ready_video.file.url, ready_video.thumbnail.url, track.file.url]
    for reader, status in (
        (None, 404),
        (member, 404),
        (ambassador, 200),
        (editor, 200),
    ):
        client.logout()
        if reader:
            client.force_login(reader)
        for url in files:
            assert client.get(url).status_code == status, (reader, url)
    publish_video_page(video_index, "Nu publicerad", ready_video)
    client.logout()
    for url in files:
        assert client.get(url).status_code == 200, url
    # In production the web server sends the file once Dela has said yes.
    settings.DELA_ACCEL_REDIRECT = "/protected/"
    response = client.get(files[0])
    assert response["X-Accel-Redirect"] == "/protected/" + ready_video.file.name
    assert response["X-Content-Type-Options"] == "nosniff"
