"""ffprobe and ffmpeg, wrapped: what a media file is, its poster frame, a web rendition.

Every call runs with a time limit and turns any failure into `MediaError` with a
reason code (`FailureReason`), so a corrupt, truncated or fake upload ends as a
"failed" video with a translated reason and never as a crashed worker.
"""

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Container formats ffprobe reports for what Dela accepts: MP4/MOV/M4A, WebM/MKV and
# common audio files. Anything else (text, images, archives) is refused.
ACCEPTED_FORMATS = {
    "mov",
    "mp4",
    "m4a",
    "matroska",
    "webm",
    "mp3",
    "wav",
    "ogg",
    "flac",
    "aac",
}
# (ffprobe containers, extension when it has video, extension for sound only): the
# stored name of an upload is generated, with one of these (media/serving.py serves each
# with its own type and nothing else).
CONTAINER_EXTENSIONS = (
    ({"mov", "mp4", "m4a"}, ".mp4", ".m4a"),
    ({"webm", "matroska"}, ".webm", ".webm"),
    ({"mp3"}, ".mp3", ".mp3"),
    ({"wav"}, ".wav", ".wav"),
    ({"ogg"}, ".ogg", ".ogg"),
    ({"flac"}, ".flac", ".flac"),
    ({"aac"}, ".aac", ".aac"),
)
BROWSER_VIDEO_CODECS = {"h264", "vp8", "vp9", "av1"}
BROWSER_AUDIO_CODECS = {"aac", "mp3", "opus", "vorbis"}
WEB_EXTENSIONS = {"mp4", "m4v", "webm"}


class FailureReason(models.TextChoices):
    EMPTY = "empty", _("The file is empty (0 bytes).")
    NOT_MEDIA = (
        "not_media",
        _(
            "The file is not a video or audio file that can be read (it may be another "
            "kind of file renamed, or damaged)."
        ),
    )
    TRUNCATED = (
        "truncated",
        _("The file is incomplete or damaged: the upload may have been cut off."),
    )
    NO_VIDEO = "no_video", _("The file has no video picture.")
    UNSUPPORTED = (
        "unsupported",
        _(
            "This format is not supported. Upload MP4, WebM or MOV video, or MP3, M4A, "
            "WAV, OGG or FLAC audio."
        ),
    )
    TOO_LONG = "timeout", _("Processing took too long and was stopped.")
    MISSING = "missing", _("The uploaded file could not be found in storage.")
    ERROR = "error", _("Processing failed unexpectedly. Try uploading the file again.")


class MediaError(Exception):
    """Processing or validation failed for a reason an uploader can act on."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = FailureReason(reason)
        self.detail = detail

    @property
    def message(self):
        return self.reason.label


def _binary(name):
    configured = {
        "ffmpeg": settings.DELA_MEDIA_FFMPEG,
        "ffprobe": settings.DELA_MEDIA_FFPROBE,
    }[name]
    return configured or shutil.which(name) or f"/usr/bin/{name}"


def _run(args, timeout):
    try:
        return subprocess.run(
            args,
            capture_output=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise MediaError(FailureReason.TOO_LONG, " ".join(args[:2])) from exc
    except OSError as exc:  # ffmpeg missing or not executable
        raise MediaError(FailureReason.ERROR, str(exc)) from exc


@dataclass
class ProbeResult:
    formats: set
    major_brand: str
    duration: float
    width: int | None
    height: int | None
    video_codec: str
    audio_codec: str
    pix_fmt: str

    @property
    def has_video(self):
        return bool(self.video_codec)

    @property
    def media_type(self):
        return "video" if self.has_video else "audio"

    @property
    def container(self):
        return ",".join(sorted(self.formats))

    @property
    def extension(self):
        """The file name extension for what the file really is (by ffprobe's
        container, never the uploaded name): one of STORED_EXTENSIONS."""
        for formats, with_video, audio_only in CONTAINER_EXTENSIONS:
            if self.formats & formats:
                return with_video if self.has_video else audio_only
        return ".bin"  # pragma: no cover - probe() refuses other containers


def _looks_like_container(path):
    with open(path, "rb") as handle:
        head = handle.read(16)
    return (
        head[4:8] == b"ftyp"  # MP4 / MOV
        or head[:4] == b"\x1a\x45\xdf\xa3"  # Matroska / WebM
        or head[:4] in (b"RIFF", b"OggS", b"fLaC", b"ID3\x03", b"ID3\x04")
    )


def probe(path, timeout=None):
    """What the file at `path` is, read from its content (never its name)."""
    if os.path.getsize(path) == 0:
        raise MediaError(FailureReason.EMPTY)
    result = _run(
        [
            _binary("ffprobe"),
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(path),
        ],
        timeout or settings.DELA_MEDIA_PROBE_TIMEOUT,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        # A file that starts like a video container but cannot be read is cut off or
        # damaged; anything else (a text file renamed .mp4) is not a video at all.
        if _looks_like_container(path):
            raise MediaError(FailureReason.TRUNCATED, stderr[-300:])
        raise MediaError(FailureReason.NOT_MEDIA, stderr[-300:])
    try:
        info = json.loads(result.stdout or b"{}")
    except ValueError as exc:
        raise MediaError(FailureReason.NOT_MEDIA, "unreadable ffprobe output") from exc
    fmt = info.get("format") or {}
    formats = set((fmt.get("format_name") or "").split(","))
    if not formats & ACCEPTED_FORMATS:
        raise MediaError(FailureReason.UNSUPPORTED, fmt.get("format_name", ""))
    video = audio = None
    for stream in info.get("streams") or []:
        kind = stream.get("codec_type")
        if kind == "video" and not (stream.get("disposition") or {}).get(
            "attached_pic"
        ):
            video = video or stream
        elif kind == "audio":
            audio = audio or stream
    if video is None and audio is None:
        raise MediaError(FailureReason.NOT_MEDIA, "no audio or video stream")
    try:
        duration = float(fmt.get("duration") or (video or audio).get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise MediaError(FailureReason.TRUNCATED, "no duration")
    return ProbeResult(
        formats=formats,
        major_brand=((fmt.get("tags") or {}).get("major_brand") or "").strip(),
        duration=duration,
        width=int(video["width"]) if video and video.get("width") else None,
        height=int(video["height"]) if video and video.get("height") else None,
        video_codec=(video or {}).get("codec_name", ""),
        audio_codec=(audio or {}).get("codec_name", ""),
        pix_fmt=(video or {}).get("pix_fmt", ""),
    )


def is_browser_playable(result, filename):
    """True when browsers play the upload as it is (no rendition needed)."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if not result.has_video:
        return result.audio_codec in BROWSER_AUDIO_CODECS | {"flac", "pcm_s16le"}
    if extension not in WEB_EXTENSIONS or result.major_brand == "qt":
        return False
    if result.video_codec not in BROWSER_VIDEO_CODECS:
        return False
    if result.video_codec == "h264" and result.pix_fmt not in ("yuv420p", "yuvj420p"):
        return False  # 4:2:2 / 10-bit H.264 does not play in most browsers
    return not result.audio_codec or result.audio_codec in BROWSER_AUDIO_CODECS


def default_poster_time(duration):
    """A tenth of the way in: past fades from black and title cards."""
    return round(max(0.0, duration * 0.1), 3)


def extract_poster(path, at_seconds, out_path, timeout=None):
    """Write a JPEG of the frame at `at_seconds` (falling back to the first frame
    when that one cannot be decoded) to `out_path`."""
    timeout = timeout or settings.DELA_MEDIA_POSTER_TIMEOUT
    for position in dict.fromkeys([max(0.0, at_seconds), 0.0]):
        result = _run(
            [
                _binary("ffmpeg"),
                "-nostdin",
                "-v",
                "error",
                "-ss",
                f"{position:.3f}",
                "-i",
                str(path),
                "-frames:v",
                "1",
                "-vf",
                "scale='min(1280,iw)':-2",
                "-q:v",
                "3",
                "-y",
                str(out_path),
            ],
            timeout,
        )
        if (
            result.returncode == 0
            and os.path.exists(out_path)
            and os.path.getsize(out_path) > 0
        ):
            return out_path
    raise MediaError(FailureReason.TRUNCATED, "no frame could be decoded")


def transcode(path, out_path, duration, timeout=None):
    """Write an H.264/AAC MP4 (fast start, even dimensions, yuv420p) to `out_path`."""
    # Ten times the length, at least TRANSCODE_MIN and never more than TRANSCODE_MAX:
    # the length is what the file claims, so a crafted one cannot hold the worker.
    timeout = timeout or min(
        max(settings.DELA_MEDIA_TRANSCODE_MIN_TIMEOUT, duration * 10),
        settings.DELA_MEDIA_TRANSCODE_MAX_TIMEOUT,
    )
    result = _run(
        [
            _binary("ffmpeg"),
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(path),
            "-map",
            "0:v:0",
            "-map",
            "0:a:0?",
            "-c:v",
            "libx264",
            "-preset",
            settings.DELA_MEDIA_X264_PRESET,
            "-crf",
            "23",
            "-pix_fmt",
            "yuv420p",
            "-vf",
            "scale=trunc(iw/2)*2:trunc(ih/2)*2",
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-movflags",
            "+faststart",
            "-y",
            str(out_path),
        ],
        timeout,
    )
    if result.returncode != 0 or not os.path.exists(out_path):
        raise MediaError(
            FailureReason.TRUNCATED, result.stderr.decode("utf-8", "replace")[-300:]
        )
    return out_path


@contextlib.contextmanager
def local_path(field):
    """A local file path for a stored file (storages without `.path()` are copied to
    a temporary file first)."""
    try:
        path = field.storage.path(field.name)
    except NotImplementedError:
        path = None
    if path is not None:
        if not os.path.exists(path):
            raise MediaError(FailureReason.MISSING, field.name)
        yield path
        return
    suffix = os.path.splitext(field.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        try:
            with field.storage.open(field.name, "rb") as source:
                shutil.copyfileobj(source, handle, 1024 * 1024)
        except FileNotFoundError as exc:
            raise MediaError(FailureReason.MISSING, field.name) from exc
        handle.flush()
        yield handle.name


@contextlib.contextmanager
def upload_path(upload):
    """A local path for an uploaded file (Django keeps large uploads on disk)."""
    if hasattr(upload, "temporary_file_path"):
        yield upload.temporary_file_path()
        return
    suffix = os.path.splitext(upload.name or "")[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        upload.seek(0)
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        upload.seek(0)
        yield handle.name
