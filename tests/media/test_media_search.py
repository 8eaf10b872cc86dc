"""The video type in the search registry: documents with caption cues."""

from search.registry import Cue, registry


def test_a_published_video_page_has_a_document_with_cues(video_page):
    searchable = registry.get("video")
    page = searchable.get_queryset().get(pk=video_page.pk)
    document = searchable.to_document(page)
    assert document.type == "video" and document.url == video_page.url
    assert document.cues == [
        Cue(start=0.0, text="Välkommen till Digga Halland."),
        Cue(start=1.0, text="Vi visar surfplattan."),
    ]
    assert "Vi visar surfplattan." in document.text


def test_drafts_are_not_findable(video_page):
    video_page.unpublish()
    searchable = registry.get("video")
    assert searchable.to_document(video_page.specific) is None


def test_caption_changes_make_the_page_stale(video_page):
    searchable = registry.get("video")
    track = video_page.video.track_for("sv")
    (model, stale), *_ = searchable.watch
    assert [page.pk for page in stale(track)] == [video_page.pk]
