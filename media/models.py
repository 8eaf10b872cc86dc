"""The video library: wagtailmedia's media model with processing state and captions,
and the pages that show videos (`VideoIndexPage` at /videos/, `VideoPage`).

`Video` is the swappable model wagtailmedia uses (WAGTAILMEDIA["MEDIA_MODEL"]), so its
admin, chooser and StreamField chooser blocks work on it. What Dela adds: where the
background processing stands, the codecs, the poster frame, a browser-playable
rendition, and caption tracks whose parsed cues feed the transcript and search.
"""

import mimetypes

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.images import get_image_model_string
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel
from wagtailmedia.models import AbstractMedia, MediaQuerySet

from dela.pictures import picture_prefetch
from taxonomy.models import ClassifiedPage, ClassifiedPageQuerySet

from .captions import cue_paragraphs, transcript_from_cues
from .processing import FailureReason

VIDEOS_PER_PAGE = 12
CAPTION_LANGUAGES = [
    (code, label)
    for code, label in settings.DELA_CONTENT_LANGUAGES
    if code in {"sv", "nb", "nn", "da", "en"}
]


class ProcessingStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be processed")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class VideoQuerySet(MediaQuerySet):
    def ready(self):
        return self.filter(status=ProcessingStatus.READY)

    def with_tracks(self):
        """Videos with their caption tracks in one more query (the player's
        <track> elements)."""
        return self.prefetch_related(
            Prefetch("caption_tracks", queryset=CaptionTrack.objects.order_by("pk"))
        )


def _raw_name(value):
    if value is None:
        return None
    return getattr(value, "name", value) or ""


class Video(AbstractMedia):
    """A video (or audio recording) in the library.

    wagtailmedia's fields hold the upload (`file`), its `duration`, `width`, `height`
    and the poster (`thumbnail`). Processing (media/tasks.py) fills in the rest after
    upload: `status` goes queued → processing → ready, or failed with a reason.
    """

    status = models.CharField(
        _("processing state"),
        max_length=20,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.QUEUED,
        editable=False,
    )
    failure_reason = models.CharField(
        _("why processing failed"),
        max_length=20,
        choices=FailureReason.choices,
        blank=True,
        editable=False,
    )
    video_codec = models.CharField(_("video codec"), max_length=40, blank=True)
    audio_codec = models.CharField(_("audio codec"), max_length=40, blank=True)
    container = models.CharField(_("container format"), max_length=80, blank=True)
    poster_time = models.FloatField(
        _("poster frame (seconds)"),
        null=True,
        blank=True,
        help_text=_(
            "Where in the video the poster image is taken from. Leave empty for a "
            "frame a tenth of the way in, or upload your own poster image."
        ),
    )
    custom_poster = models.BooleanField(
        _("uploaded poster"), default=False, editable=False
    )
    rendition = models.FileField(
        _("web rendition"),
        upload_to="media_renditions",
        blank=True,
        editable=False,
        help_text=_("An H.264/AAC MP4 made when the upload cannot play in browsers."),
    )
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    poster_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("poster picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_(
            "The poster as a library image, made when the poster changes, so cards "
            "show it in the sizes and formats of every other picture."
        ),
    )

    objects = VideoQuerySet.as_manager()

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "thumbnail",
        "poster_time",
        "tags",
    )

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What was stored when loaded (raw values: no query for deferred fields), so
        # saving knows whether a new upload or poster choice needs processing.
        self._original_file = _raw_name(self.__dict__.get("file"))
        self._original_poster = (
            _raw_name(self.__dict__.get("thumbnail")),
            self.__dict__.get("poster_time"),
        )

    def save(self, *args, **kwargs):
        """Note what the save changes for processing (signals.queue_processing):
        a new file is processed from the start, a new poster time takes a new
        poster, an uploaded poster replaces the generated one."""
        if kwargs.get("update_fields") is None:
            file_name = self.file.name if self.file else ""
            poster_name = self.thumbnail.name if self.thumbnail else ""
            pending = None
            if self._state.adding:
                self._original_file, self._original_poster = None, (None, None)
            if file_name and file_name != self._original_file:
                self.status = ProcessingStatus.QUEUED
                self.failure_reason = ""
                pending = "all"
            if poster_name != (self._original_poster[0] or ""):
                # A poster the user uploaded (processing writes its own with
                # update(), never through save()).
                self.custom_poster = bool(poster_name)
                if pending is None:
                    # No poster any more: take a frame; an uploaded one: its
                    # library image for the cards (services.make_poster_image).
                    pending = "poster_image" if poster_name else "poster"
            elif self.poster_time != self._original_poster[1] and pending is None:
                self.custom_poster = False
                pending = "poster"
            self._pending_processing = pending
        super().save(*args, **kwargs)
        self._original_file = self.file.name if self.file else ""
        self._original_poster = (
            self.thumbnail.name if self.thumbnail else "",
            self.poster_time,
        )

    @property
    def is_ready(self):
        return self.status == ProcessingStatus.READY

    @property
    def is_finished(self):
        return self.status in (ProcessingStatus.READY, ProcessingStatus.FAILED)

    @property
    def playable_file(self):
        return self.rendition if self.rendition else self.file

    @property
    def sources(self):
        """What the player's <source> elements list: the web rendition first."""
        found = []
        for field in (self.rendition, self.file):
            if field:
                kind = mimetypes.guess_type(field.name)[0] or "video/mp4"
                if kind == "video/quicktime":
                    kind = "video/mp4"  # an H.264 .mov plays as MP4 in browsers
                found.append({"src": field.url, "type": kind})
        return found

    @property
    def poster_url(self):
        return self.thumbnail.url if self.thumbnail else ""

    @property
    def poster_picture(self):
        """The poster image in the shape `{% page_picture %}` takes (PosterPicture)."""
        return PosterPicture(self)

    def tracks(self):
        """The caption tracks, from the prefetch cache when there is one."""
        return list(self.caption_tracks.all())

    def track_for(self, language):
        return next((t for t in self.tracks() if t.language == language), None)

    def caption_languages(self):
        return sorted({track.language for track in self.tracks()})

    def stored_files(self):
        """Names of every file this video keeps in storage."""
        names = [
            field.name
            for field in (self.file, self.thumbnail, self.rendition)
            if field and field.name
        ]
        if self.pk:
            names += [t.file.name for t in self.caption_tracks.all() if t.file]
        return names


class PosterPicture:
    """A video's poster image as a page's picture (dela.pictures.PicturedPage's
    `image_id`, `image`, `picture_alt`): the card of a video page without a picture
    of its own shows it through `{% page_picture %}`, in renditions with `srcset`.
    Decorative (alt=""): the card's title beside it names the video."""

    picture_alt = ""

    def __init__(self, video):
        self.video = video

    @property
    def image_id(self):
        return self.video.poster_image_id

    @property
    def image(self):
        return self.video.poster_image


class CaptionKind(models.TextChoices):
    CAPTIONS = "captions", _("Captions (speech and sounds)")
    SUBTITLES = "subtitles", _("Subtitles (translation of the speech)")


def caption_upload_to(track, filename):
    return f"captions/{track.video_id}/{track.language}-{track.kind}.vtt"


class CaptionTrack(models.Model):
    """One WebVTT caption track of a video in one language.

    The file is always WebVTT (SRT uploads are converted); `cues` keeps the parsed
    cues ([{"start", "end", "text"}]) for the transcript and for search, so neither
    needs to read the file again.
    """

    video = models.ForeignKey(
        Video,
        on_delete=models.CASCADE,
        related_name="caption_tracks",
        verbose_name=_("video"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=CAPTION_LANGUAGES, default="sv"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CaptionKind.choices, default="captions"
    )
    file = models.FileField(_("WebVTT file"), upload_to=caption_upload_to)
    cues = models.JSONField(_("cues"), default=list, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["video", "language", "kind"], name="one_track_per_language"
            )
        ]

    def __str__(self):
        return f"{self.video} ({self.get_language_display()})"

    @property
    def label(self):
        return self.get_language_display()

    def transcript(self):
        """The cues' text as paragraphs, for the page and the download."""
        return transcript_from_cues(self.cues)


# --- Pages -------------------------------------------------------------------------


class DurationRange(models.TextChoices):
    SHORT = "short", _("Under 2 minutes")
    MEDIUM = "medium", _("2 to 10 minutes")
    LONG = "long", _("Over 10 minutes")


DURATION_BOUNDS = {
    DurationRange.SHORT: (None, 120),
    DurationRange.MEDIUM: (120, 600),
    DurationRange.LONG: (600, None),
}


class VideoPageQuerySet(ClassifiedPageQuerySet):
    def for_listing(self):
        """What a video card shows, in a fixed number of queries."""
        return self.select_related("video", "sector").prefetch_related(
            "municipalities",
            "tags",
            picture_prefetch(),
            # The poster's image for cards of pages without a picture of their own.
            *(picture_prefetch(path) for path in VideoPage.card_picture_images),
        )

    def newest_first(self):
        return self.order_by("-featured", "-first_published_at", "-pk")

    def with_duration(self, ranges):
        """Only videos whose duration falls in one of the ranges (DurationRange)."""
        condition = models.Q(pk__in=[])
        for name in ranges:
            low, high = DURATION_BOUNDS[name]
            part = models.Q()
            if low is not None:
                part &= models.Q(video__duration__gte=low)
            if high is not None:
                part &= models.Q(video__duration__lt=high)
            condition |= part
        return self.filter(condition)


class VideoIndexPage(RoutablePageMixin, Page):
    """/videos/: the library's published videos with the catalogue's facets plus a
    duration facet, and the ambassadors' upload pages."""

    # The main menu's label, in the reader's language (not the page's title).
    menu_label = _("Videos")
    # Ambassadors submit here: the editors' review workflow covers the index.
    reviewed_submissions = True

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["dela_media.VideoPage"]
    max_count = 1
    template = "media/video_index_page.html"

    class Meta:
        verbose_name = _("video index")

    def videos(self):
        return (
            VideoPage.objects.child_of(self).in_catalogue().for_listing().newest_first()
        )

    @path("")
    def listing_route(self, request):
        from . import views

        return views.video_listing(request, self)

    @path("upload/", name="upload")
    def upload_route(self, request):
        from . import views

        return views.upload_video(request, self)

    @path("upload/<int:video_id>/", name="upload_status")
    def status_route(self, request, video_id):
        from . import views

        return views.upload_status(request, self, video_id)


class VideoPage(RoutablePageMixin, ClassifiedPage):
    """A library video with its description, captions and transcript.

    Published only with a caption track in the page's own language (WCAG 2.1 1.2.2):
    `publication_problem` says what is missing; the review and `publish` refuse
    without it (taxonomy.review).
    """

    catalogue_type = "video"
    catalogue_type_label = _("Video")

    video = models.ForeignKey(
        Video,
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("video"),
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_(
            "Leave empty to show the text of the captions in the page's language."
        ),
    )

    objects = PageManager.from_queryset(VideoPageQuerySet)()

    content_panels = Page.content_panels + [
        HelpPanel(template="media/admin/caption_gate_panel.html"),
        FieldPanel("summary"),
        *ClassifiedPage.picture_panels,
        MediaChooserPanel("video", media_type="video"),
        FieldPanel("description"),
        FieldPanel("transcript"),
        MultiFieldPanel(ClassifiedPage.taxonomy_panels, heading=_("Classification")),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(ClassifiedPage.curation_panels, heading=_("Curation"))
    ]
    search_fields = ClassifiedPage.search_fields + [
        index.SearchField("description"),
        index.SearchField("transcript_text"),
    ]
    api_fields = ClassifiedPage.taxonomy_api_fields + [
        APIField("description"),
        APIField("duration"),
    ]

    parent_page_types = ["dela_media.VideoIndexPage"]
    subpage_types = []
    template = "media/video_page.html"

    class Meta:
        verbose_name = _("video page")
        verbose_name_plural = _("video pages")

    # A card without a picture of its own shows the video's poster (PosterPicture).
    card_picture_images = ("video__poster_image",)

    def fallback_picture(self):
        """The video's poster image, decorative beside the card's title, or None
        while the video has none."""
        if self.video_id and self.video.poster_image_id:
            return self.video.poster_picture
        return None

    @property
    def duration(self):
        return self.video.duration if self.video_id else None

    def publication_problem(self):
        """The caption gate: why this page may not be published yet, or None
        (WCAG 2.1 1.2.2: prerecorded video has captions in the page's language)."""
        video = (
            Video.objects.filter(pk=self.video_id)
            .prefetch_related("caption_tracks")
            .first()
            if self.video_id
            else None
        )
        if video is None:
            return gettext("Choose a video from the library.")
        if video.status == ProcessingStatus.FAILED:
            return gettext("The video could not be processed: %(reason)s") % {
                "reason": FailureReason(video.failure_reason or "error").label
            }
        if video.type == "video" and video.track_for(self.language) is None:
            language = dict(settings.DELA_CONTENT_LANGUAGES).get(
                self.language, self.language
            )
            return gettext(
                "Add captions in %(language)s before this video can be published: "
                "every published video has captions in its page's language."
            ) % {"language": language}
        return None

    def submissions_url(self):
        """The uploader follows the video's review on its status page."""
        index = self.get_parent().specific
        if not self.video_id or not hasattr(index, "reverse_subpage"):
            return None
        return index.get_full_url() + index.reverse_subpage(
            "upload_status", args=[self.video_id]
        )

    def library_video(self):
        """The video with its caption tracks (two queries), or None."""
        if not self.video_id:
            return None
        if getattr(self, "_library_video", None) is None:
            self._library_video = (
                Video.objects.with_tracks().filter(pk=self.video_id).first()
            )
        return self._library_video

    def _caption_track(self):
        """The caption track in the page's language, or None."""
        video = self.library_video()
        return video.track_for(self.language) if video is not None else None

    def transcript_text(self):
        """The given transcript, or the text of the captions in the page's language."""
        if self.transcript.strip():
            return self.transcript.strip()
        track = self._caption_track()
        return track.transcript() if track is not None else ""

    def transcript_paragraphs(self):
        """The captions' cues in paragraphs when the transcript is theirs (each
        knows its moment, so the page can follow the film), else None."""
        if self.transcript.strip():
            return None
        track = self._caption_track()
        return cue_paragraphs(track.cues) if track is not None else None

    def related_stories(self, limit=3):
        """Catalogue pages that share tags or competences with this one, case
        stories first (known by their type, so media does not import stories)."""
        pages = list(self.related_pages(limit=limit * 3))
        story_model = ClassifiedPage.catalogue_types().get("story", (None, None))[1]
        if story_model is not None:
            story_type = ContentType.objects.get_for_model(story_model).pk
            pages.sort(key=lambda item: item.content_type_id != story_type)
        return pages[:limit]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["video"] = self.library_video()
        context["transcript"] = self.transcript_text()
        context["transcript_paragraphs"] = self.transcript_paragraphs()
        context["municipalities"] = list(self.municipalities.all())
        context["tags"] = list(self.tags.all())
        context["related_stories"] = self.related_stories()
        context["index"] = self.get_parent().specific if self.depth > 1 else None
        return context

    @path("transcript/", name="transcript")
    def transcript_route(self, request):
        from . import views

        return views.transcript_download(request, self)
