"""Library videos in Dela's search (the search app's registry).

A video page's document carries its caption cues (`Cue(start, text)`), so a hit
inside the captions links to the moment it is said (`url#t=<start>`). The cues are
those of the page's own language; the transcript and description are its text.
"""

from search.registry import Cue, register
from taxonomy.searchable import ClassifiedSearch

from .models import CaptionTrack, Video, VideoPage


def _pages_of_video(video):
    return list(VideoPage.objects.filter(video=video))


class VideoSearch(ClassifiedSearch):
    model = VideoPage
    select = ("video",)
    prefetch = ("video__caption_tracks",)
    # New captions or a reprocessed video change the documents of its pages.
    extra_watch = (
        (CaptionTrack, lambda track: _pages_of_video(track.video_id)),
        (Video, _pages_of_video),
    )

    def finish(self, page, document):
        video = page.video
        track = video.track_for(page.language) if video is not None else None
        document.cues = [
            Cue(start=float(cue["start"]), text=cue["text"])
            for cue in (track.cues if track else [])
            if cue.get("text")
        ]


register(VideoSearch())
