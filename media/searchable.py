"""Library videos in Dela's search (the search app's registry).

A video page's document carries its caption cues (`Cue(start, text)`), so a hit
inside the captions links to the moment it is said (`url#t=<start>`). The cues are
those of the page's own language; the transcript and description are its text.
"""

from django.utils.translation import gettext_lazy as _

from search.pages import CLASSIFIED_PREFETCH, classified_document
from search.registry import Cue, SearchableType, register

from .models import CaptionTrack, Video, VideoPage


def _pages_of_video(video):
    return list(VideoPage.objects.filter(video=video))


class VideoSearch(SearchableType):
    name = "video"
    label = _("Video")
    model = VideoPage
    # New captions or a reprocessed video change the documents of its pages.
    watch = (
        (CaptionTrack, lambda track: _pages_of_video(track.video_id)),
        (Video, _pages_of_video),
    )

    def get_queryset(self):
        return (
            VideoPage.objects.live()
            .select_related("sector", "video")
            .prefetch_related(*CLASSIFIED_PREFETCH, "video__caption_tracks")
        )

    def to_document(self, page):
        video = page.video
        track = video.track_for(page.language) if video is not None else None
        cues = [
            Cue(start=float(cue["start"]), text=cue["text"])
            for cue in (track.cues if track else [])
            if cue.get("text")
        ]
        text = " ".join(
            part for part in (page.description, page.transcript_text()) if part
        )
        document = classified_document(page, self.name, text)
        if document is not None:
            document.cues = cues
        return document


register(VideoSearch())
