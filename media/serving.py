"""Serving uploaded files with HTTP range requests, so that videos seek.

Django's `static()` serve view answers every request with the whole file, and
browsers cannot seek in a video served that way (Safari will not even play it). This
view answers `Range: bytes=...` with 206 Partial Content, `Content-Range` and
`Accept-Ranges`, and unsatisfiable ranges with 416. In production a web server or
object storage serves MEDIA_URL instead (see the README); this view is what
development and the tests use, and a fallback.
"""

import os
import re
import stat

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from dela.files import accel_redirect, with_file_headers

_RANGE = re.compile(r"^bytes=(\d{1,18})?-(\d{1,18})?$")
CHUNK = 64 * 1024
# What the library serves in every mode (after its check); the rest of MEDIA_ROOT
# beyond the images (dela/images.py) only in development, as static() did.
LIBRARY_FOLDERS = ("media/", "media_thumbnails/", "media_renditions/", "captions/")
# The only types an uploaded file is served as, by its extension (uploads get their
# names from what they really are: media/services.py, media/forms.py). Anything else is
# a download, never a page, a script or an SVG.
SERVED_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".m4a": "audio/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".ogg": "audio/ogg",
    ".flac": "audio/flac",
    ".aac": "audio/aac",
    ".vtt": "text/vtt; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def clean_path(path):
    """The path as asked, or None when it is not a plain relative path: "." or ".."
    segments (also decoded from %2e), backslashes, empty segments, NUL bytes."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return None
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return None
    return path


def file_headers(response, path):
    """The served type from the allow-list, and the headers every file gets."""
    extension = os.path.splitext(path)[1].lower()
    content_type = SERVED_TYPES.get(extension)
    if content_type is None:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    else:
        response["Content-Type"] = content_type
    return with_file_headers(response)


def parse_range(header, size):
    """(start, end) inclusive for a single `bytes=` range, None when the header is
    absent or not understood (the whole file is sent, as RFC 9110 allows), or
    "unsatisfiable"."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match:
        return None  # multiple ranges or another unit: send the whole file
    first, last = (group or "" for group in match.groups())
    if first == "" and last == "":
        return None
    if size <= 0:
        return "unsatisfiable"  # an empty file has no bytes to give
    if first == "":  # suffix: the last N bytes
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size:
        return "unsatisfiable"
    if end < start:
        return None
    return start, min(end, size - 1)


class _RangeFile:
    """Reads `length` bytes from `start` of an open file, in chunks."""

    def __init__(self, handle, start, length):
        self.handle = handle
        self.handle.seek(start)
        self.remaining = length

    def __iter__(self):
        while self.remaining > 0:
            data = self.handle.read(min(CHUNK, self.remaining))
            if not data:
                break
            self.remaining -= len(data)
            yield data

    def close(self):
        self.handle.close()


def library_video(path):
    """The library video a stored file belongs to (film, poster, rendition or
    caption track), or None."""
    from django.db.models import Q

    from .models import CaptionTrack, Video

    if path.startswith("captions/"):
        track = CaptionTrack.objects.select_related("video").filter(file=path).first()
        return track.video if track else None
    return Video.objects.filter(
        Q(file=path) | Q(thumbnail=path) | Q(rendition=path)
    ).first()


def may_read_library_file(request, path):
    """Files of unpublished videos are for their uploader and the editors only."""
    from .permissions import media_permissions

    video = library_video(path)
    return video is not None and media_permissions.can_see_video_files(
        request.user, video
    )


def may_read_image_file(request, path):
    """A Wagtail image's files: dela/images.py's rule, and for a video's poster image
    (services.make_poster_image) its video's: public once a live page shows it."""
    from dela.images import image_of_file, may_read_image

    from .models import Video
    from .permissions import media_permissions

    image = image_of_file(path)
    if image is None:
        return False
    video = Video.objects.filter(poster_image=image).first()
    if video is not None and media_permissions.can_see_video_files(request.user, video):
        return True
    return may_read_image(request, image)


def _checks():
    """The folders Dela serves only after asking who reads, with the question."""
    from dela.images import IMAGE_FOLDERS

    return (
        (LIBRARY_FOLDERS, may_read_library_file),
        (IMAGE_FOLDERS, may_read_image_file),
    )


def checked(request, path):
    """None for a path no rule covers; else whether ``request`` may read it."""
    for folders, may_read in _checks():
        if path.startswith(folders):
            return may_read(request, path)
    return None


@require_safe
def serve(request, path):
    """A file under MEDIA_ROOT, with range support (never one under private/). The
    library's files and the images' are served once their rule says yes; the rest
    of MEDIA_ROOT only in development."""
    path = clean_path(path)
    if path is None or path.startswith(settings.DELA_PRIVATE_MEDIA_PREFIX):
        raise Http404
    allowed = checked(request, path)
    if allowed is False or (allowed is None and not settings.DEBUG):
        raise Http404
    accelerated = allowed and accel_redirect(path)
    if accelerated:
        # The web server sends the file (and its ranges) from an internal location.
        return file_headers(accelerated, path)
    try:
        full_path = safe_join(str(settings.MEDIA_ROOT), path)
    except Exception as exc:  # SuspiciousFileOperation: outside MEDIA_ROOT
        raise Http404 from exc
    try:
        info = os.stat(full_path)
    except OSError as exc:
        raise Http404 from exc
    if not stat.S_ISREG(info.st_mode):
        raise Http404
    size = info.st_size
    if not was_modified_since(
        request.META.get("HTTP_IF_MODIFIED_SINCE"), info.st_mtime
    ):
        return HttpResponseNotModified()
    content_type = "application/octet-stream"  # set from the allow-list below

    wanted = parse_range(request.headers.get("Range"), size)
    if_range = request.headers.get("If-Range")
    if wanted and if_range and if_range != http_date(info.st_mtime):
        wanted = None  # the client's copy is stale: send it all
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(open(full_path, "rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        length = end - start + 1
        response = FileResponse(
            _RangeFile(open(full_path, "rb"), start, length),
            status=206,
            content_type=content_type,
        )
        response["Content-Length"] = str(length)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(info.st_mtime)
    return file_headers(response, path)
