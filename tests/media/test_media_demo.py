"""The video library's demo: three films made with ffmpeg, captioned in sv/nb/da."""

from io import StringIO

from django.core.management.color import no_style

from media import demo
from media.models import CaptionTrack, Video, VideoPage


def test_demo_films_are_made_once_with_captions(db):
    out = StringIO()
    demo.load(out, no_style())
    assert "films: 3 created" in out.getvalue()
    pages = VideoPage.objects.live()
    assert pages.count() == 3
    assert set(Video.objects.values_list("status", flat=True)) == {"ready"}
    for page in pages:
        languages = set(
            CaptionTrack.objects.filter(video=page.video).values_list(
                "language", flat=True
            )
        )
        assert languages == {"sv", "nb", "da"}
        assert page.publication_problem() is None
    again = StringIO()
    demo.load(again, no_style())
    assert "films: 0 created, 3 unchanged" in again.getvalue()
    assert Video.objects.count() == 3 and VideoPage.objects.count() == 3
