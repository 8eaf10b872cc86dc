"""Video and poster files are served with range requests, so browsers can seek."""

import pytest


@pytest.fixture
def video_url(ready_video, video_page):
    """A published video's file (anyone may have it)."""
    return ready_video.file.url, ready_video.file.read()


def _body(response):
    return b"".join(response.streaming_content)


def test_whole_file_says_it_accepts_ranges(client, video_url):
    url, data = video_url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert int(response["Content-Length"]) == len(data)
    assert _body(response) == data


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),  # the first bytes
        ("bytes=1000-1999", 1000, 1999),  # the middle
        ("bytes=-500", None, None),  # the last 500 bytes
        ("bytes=2000-", 2000, None),  # from a position to the end
    ],
)
def test_ranges_get_206_with_content_range(client, video_url, header, start, end):
    url, data = video_url
    size = len(data)
    if start is None:
        start, end = size - 500, size - 1
    end = size - 1 if end is None else end
    response = client.get(url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert int(response["Content-Length"]) == end - start + 1
    assert _body(response) == data[start : end + 1]


def test_a_range_past_the_end_is_clamped(client, video_url):
    url, data = video_url
    response = client.get(url, HTTP_RANGE=f"bytes=10-{len(data) * 2}")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-{len(data) - 1}/{len(data)}"


@pytest.mark.parametrize(
    "header", [lambda size: f"bytes={size}-", lambda size: "bytes=-0"]
)
def test_unsatisfiable_ranges_get_416(client, video_url, header):
    url, data = video_url
    response = client.get(url, HTTP_RANGE=header(len(data)))
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize(
    "header", ["bytes=abc", "items=0-5", "bytes=0-1,5-6", "bytes=9-3"]
)
def test_a_range_not_understood_gets_the_whole_file(client, video_url, header):
    url, data = video_url
    response = client.get(url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert _body(response) == data


def test_posters_and_captions_are_served_too(client, ready_video, video_page):
    poster = client.get(ready_video.thumbnail.url, HTTP_RANGE="bytes=0-2")
    assert poster.status_code == 206 and _body(poster) == b"\xff\xd8\xff"
    track = ready_video.track_for("sv")
    response = client.get(track.file.url)
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert _body(response).startswith(b"WEBVTT")


def test_only_existing_library_files_are_served(client, ready_video, settings):
    assert client.get("/media/media/nothing.mp4").status_code == 404
    assert client.get("/media/../../etc/passwd").status_code == 404
    (settings.MEDIA_ROOT / "documents").mkdir()
    (settings.MEDIA_ROOT / "documents" / "private.pdf").write_bytes(b"%PDF")
    # Documents have their own privacy checks and view; not served here.
    assert client.get("/media/documents/private.pdf").status_code == 404
    assert client.post(ready_video.file.url).status_code == 405
