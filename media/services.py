"""What the views, the admin, the task and the demo share: checking an upload,
storing and processing a video, caption tracks, the caption gate, and sending a video
page to the editors.
"""

import logging
import os
import tempfile
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, ReferenceIndex

from accounts.roles import editors_collection
from dela.pictures import CARD_WIDTHS, available_formats, rendition_specs
from dela.tasks import enqueue_with_change
from dela.text import nordic_slug
from taxonomy.review import check_publishable, start_review

from . import processing
from .captions import read_caption_upload
from .models import CaptionTrack, ProcessingStatus, Video, VideoPage
from .permissions import media_permissions
from .processing import FailureReason, MediaError

logger = logging.getLogger(__name__)


def max_upload_size():
    return settings.DELA_MEDIA_MAX_UPLOAD_SIZE


# --- Checking an upload ---------------------------------------------------------------


def check_media_upload(upload, media_type=None):
    """Refuse what cannot become a library video: too large, empty, or not audio or
    video by its content (ffprobe reads the bytes, the name is not trusted). Renames
    the upload to a generated name with its real container's extension. Returns the
    ProbeResult; raises ValidationError with a translated message."""
    limit = max_upload_size()
    if upload.size > limit:
        raise ValidationError(
            _(
                "The file is %(size)s; the largest file you can upload is %(limit)s. "
                "Shorten the video or export it at a lower resolution."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(FailureReason.EMPTY.label, code="empty")
    try:
        with processing.upload_path(upload) as path:
            result = processing.probe(path)
    except MediaError as error:
        raise ValidationError(error.message, code=error.reason.value) from error
    if media_type == "video" and not result.has_video:
        raise ValidationError(FailureReason.NO_VIDEO.label, code="no_video")
    # The stored name is ours: a random name with the extension of what the file
    # really is (an audio file named page.html must never be served as a page).
    upload.name = f"{uuid.uuid4().hex}{result.extension}"
    return result


# --- Storing and processing -----------------------------------------------------------


def create_video(user, title, upload, tags=()):
    """Store an ambassador's upload as a queued library video and queue its
    processing. Nothing is left behind if anything fails (no row, no file)."""
    if not media_permissions.can_upload_video(user):
        raise PermissionDenied
    result = check_media_upload(upload)
    stored = []
    try:
        with transaction.atomic():
            video = Video(
                title=Truncator(title).chars(255),
                file=upload,
                type=result.media_type,
                collection=Collection.get_first_root_node(),
                uploaded_by_user=user,
                duration=round(result.duration, 3),
                width=result.width,
                height=result.height,
            )
            video.save()
            stored.append(video.file.name)
            if tags:
                video.tags.set(list(tags))
    except BaseException:
        delete_stored(stored)
        raise
    return video


def enqueue_processing(video_id, poster_only=False):
    """Process the video (or only its poster), with the change (dela.tasks)."""
    from .tasks import process_video, refresh_poster

    enqueue_with_change(refresh_poster if poster_only else process_video, video_id)


def _save_generated(video, field_name, local_file, name):
    """Store a generated file (poster, rendition) and return its storage name."""
    field = getattr(video, field_name)
    upload_to = video._meta.get_field(field_name).upload_to
    with open(local_file, "rb") as handle:
        return field.storage.save(f"{upload_to}/{name}", File(handle))


def process_video(video_id):
    """Probe, poster and (when needed) a web rendition for one video.

    Ends in `ready`, or `failed` with a reason; never raises, so a bad file cannot
    crash the worker. Files made on the way are removed when it fails.
    """
    video = Video.objects.filter(pk=video_id).first()
    if video is None or not video.file:
        return None
    Video.objects.filter(pk=video_id).update(
        status=ProcessingStatus.PROCESSING, failure_reason=""
    )
    made = []
    try:
        with (
            processing.local_path(video.file) as path,
            tempfile.TemporaryDirectory(prefix="dela-media-") as workdir,
        ):
            result = processing.probe(path)
            changes = {
                "type": result.media_type,
                "duration": round(result.duration, 3),
                "width": result.width,
                "height": result.height,
                "video_codec": result.video_codec,
                "audio_codec": result.audio_codec,
                "container": result.container[:80],
            }
            base = os.path.splitext(os.path.basename(video.file.name))[0][:60]
            if result.has_video and not video.custom_poster:
                at = video.poster_time
                if at is None or at >= result.duration:
                    at = processing.default_poster_time(result.duration)
                poster = processing.extract_poster(
                    path, at, os.path.join(workdir, "poster.jpg")
                )
                changes["thumbnail"] = _save_generated(
                    video, "thumbnail", poster, f"{base}-poster.jpg"
                )
                made.append(changes["thumbnail"])
            if not processing.is_browser_playable(result, video.file.name):
                if result.has_video:
                    web = processing.transcode(
                        path, os.path.join(workdir, "web.mp4"), result.duration
                    )
                    changes["rendition"] = _save_generated(
                        video, "rendition", web, f"{base}-web.mp4"
                    )
                    made.append(changes["rendition"])
                elif result.audio_codec not in processing.BROWSER_AUDIO_CODECS:
                    raise MediaError(FailureReason.UNSUPPORTED, result.audio_codec)
    except MediaError as error:
        delete_stored(made)
        logger.info("Video %s failed: %s", video_id, error)
        Video.objects.filter(pk=video_id).update(
            status=ProcessingStatus.FAILED,
            failure_reason=error.reason.value,
            processed_at=timezone.now(),
        )
        return ProcessingStatus.FAILED
    except Exception:
        delete_stored(made)
        logger.exception("Processing video %s failed unexpectedly", video_id)
        Video.objects.filter(pk=video_id).update(
            status=ProcessingStatus.FAILED,
            failure_reason=FailureReason.ERROR.value,
            processed_at=timezone.now(),
        )
        return ProcessingStatus.FAILED
    old = [
        getattr(video, name).name
        for name in ("thumbnail", "rendition")
        if name in changes and getattr(video, name)
    ]
    updated = Video.objects.filter(pk=video_id, file=video.file.name).update(
        status=ProcessingStatus.READY,
        processed_at=timezone.now(),
        **changes,
    )
    if not updated:  # replaced or deleted meanwhile: what was made belongs to no one
        delete_stored(made)
        return None
    delete_stored(old)
    if "thumbnail" in changes or (video.thumbnail and not video.poster_image_id):
        make_poster_image(video_id)
    return ProcessingStatus.READY


def refresh_poster(video_id):
    """Take the poster again at the chosen time (the editor picked another frame)."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None or not video.file or video.custom_poster:
        return None
    try:
        with (
            processing.local_path(video.file) as path,
            tempfile.TemporaryDirectory(prefix="dela-media-") as workdir,
        ):
            at = video.poster_time
            if at is None or (video.duration and at >= video.duration):
                at = processing.default_poster_time(video.duration or 0)
            poster = processing.extract_poster(
                path, at, os.path.join(workdir, "poster.jpg")
            )
            base = os.path.splitext(os.path.basename(video.file.name))[0][:60]
            name = _save_generated(video, "thumbnail", poster, f"{base}-poster.jpg")
    except MediaError:
        logger.info("Could not take a new poster for video %s", video_id)
        return None
    old = video.thumbnail.name if video.thumbnail else ""
    Video.objects.filter(pk=video_id).update(thumbnail=name)
    delete_stored([old])
    make_poster_image(video_id)
    return name


# --- The poster as a library image ------------------------------------------------

POSTERS_COLLECTION = "Video posters"


def posters_collection():
    """The image collection of the posters' library images, private to the editors
    like the story submissions' (Wagtail's collection privacy): their files follow
    their video's rule instead (media/serving.py), public once a live page shows
    the video. Found by its name, made once."""
    return editors_collection(POSTERS_COLLECTION)


def make_poster_image(video_id):
    """Make the video's poster (`thumbnail`, a plain file) a Wagtail image once, each
    time the poster changes (processing, a new frame, an uploaded poster), so the
    cards of a video page without a picture show it like every other picture:
    renditions in AVIF/WebP/JPEG with `srcset` (dela.pictures). The previous poster
    image goes unless a page uses it. Never raises: a poster Pillow cannot read
    leaves the video without one (cards then show the poster file as it is)."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return None
    poster = video.thumbnail.name if video.thumbnail else ""
    image = None
    stored = []
    try:
        with transaction.atomic():
            if poster:
                image_model = get_image_model()
                image = image_model(
                    title=Truncator(video.title).chars(255),
                    collection=posters_collection(),
                    uploaded_by_user_id=video.uploaded_by_user_id,
                )
                with video.thumbnail.open("rb") as handle:
                    image.file.save(os.path.basename(poster), File(handle), save=False)
                stored.append(image.file.name)
                image._set_image_file_metadata()
                image.save()
                # The cards' renditions now, in the background, not on a visit.
                image.get_renditions(*card_rendition_specs())
            updated = Video.objects.filter(pk=video_id, thumbnail=poster).update(
                poster_image=image
            )
            if not updated:  # the poster changed meanwhile: its own run follows
                raise _PosterChanged
    except _PosterChanged:
        delete_stored(stored)
        return None
    except Exception:
        delete_stored(stored)
        logger.exception("Could not make the poster image of video %s", video_id)
        return None
    if video.poster_image_id and video.poster_image_id != getattr(image, "pk", None):
        forget_poster_image(video.poster_image_id)
    return image


class _PosterChanged(Exception):
    pass


def card_rendition_specs():
    return rendition_specs(CARD_WIDTHS, available_formats())


def forget_poster_image(image_id):
    """Delete a poster's library image (its files go after the commit, Wagtail's
    signal) unless a page or block chose it as a picture meanwhile."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return
    chosen = ReferenceIndex.get_references_to(image).exclude(
        content_type=ContentType.objects.get_for_model(Video)
    )
    if not chosen.exists():
        image.delete()


def delete_stored(names):
    """Remove stored files (after a failed save, or files nobody refers to)."""
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:  # already gone
            pass


# --- Captions -------------------------------------------------------------------------


def add_caption_track(video, language, kind, upload, user=None):
    """Validate and store a caption file (WebVTT, or SRT converted to WebVTT),
    replacing the video's track in that language and kind. Raises ValidationError
    with line-numbered messages; a failed save leaves no file."""
    if user is not None and not media_permissions.can_edit_video(user, video):
        raise PermissionDenied
    data = upload.read(2 * 1024 * 1024 + 1)
    caption = read_caption_upload(getattr(upload, "name", "") or "", data)
    stored = []
    try:
        with transaction.atomic():
            old = (
                CaptionTrack.objects.select_for_update()
                .filter(video=video, language=language, kind=kind)
                .first()
            )
            if old:
                old.delete()  # its file goes once this commits (signals.py)
            track = CaptionTrack(
                video=video, language=language, kind=kind, cues=caption.cues
            )
            track.file.save(
                f"{language}.vtt",
                ContentFile(caption.webvtt.encode("utf-8")),
                save=False,
            )
            stored.append(track.file.name)
            track.save()
    except IntegrityError as exc:
        delete_stored(stored)
        raise ValidationError(_("This video already has that caption track.")) from exc
    except BaseException:
        delete_stored(stored)
        raise
    return track


# --- Pages ----------------------------------------------------------------------------


def video_slug(title):
    return nordic_slug(title, fallback="video")


def submit_video_page(author, index, video, data):
    """Create a draft video page owned by the author and send it to the review
    workflow assigned to the index. Refused while the caption gate is closed (the
    ambassador is told what is missing). One transaction: no half-made page."""
    if not media_permissions.can_submit_video_page(author, video):
        raise PermissionDenied
    with transaction.atomic():
        page = VideoPage(
            owner=author,
            live=False,
            has_unpublished_changes=True,
            title=data["title"],
            draft_title=data["title"],
            summary=data["summary"],
            description=data.get("description", ""),
            language=data["language"],
            year=data.get("year"),
            video=video,
        )
        check_publishable(page)
        page.municipalities.set(list(data.get("municipalities") or []))
        page.tags.set(list(data.get("tags") or []))
        page.slug = find_available_slug(index, video_slug(page.title))
        index.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=author)
        page.save_revision(user=author, log_action=True)
        start_review(page, author)
    return page
