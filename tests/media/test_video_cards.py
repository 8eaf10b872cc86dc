"""A video page without a picture of its own shows its poster on cards like every
other card: the poster is made a library image once, when it changes (processing, a
new frame, an uploaded poster), with its card renditions, and the card writes
Wagtail's <picture> with srcset; the listing's query count stays the same with 2 or
10 videos; the poster image's files follow the video's privacy (issue 17)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from media.models import ProcessingStatus, Video
from media.services import POSTERS_COLLECTION, add_caption_track, make_poster_image
from tests.media.media_helpers import SAMPLE_VTT, publish_video_page
from tests.stories.story_helpers import png_bytes

pytestmark = pytest.mark.django_db


def cards(html):
    return re.findall(r'<article class="card video-card">.*?</article>', html, re.S)


def copy_of(video, number):
    """Another ready library video with the same film and its own poster image."""
    other = Video(
        title=f"Film {number}",
        type="video",
        file=video.file.name,
        thumbnail=video.thumbnail.name,
        duration=video.duration,
        width=video.width,
        height=video.height,
        status=ProcessingStatus.READY,
        collection=video.collection,
        uploaded_by_user=video.uploaded_by_user,
    )
    other._skip_processing_queue = True
    other.save()
    assert make_poster_image(other.pk) is not None
    add_caption_track(other, "sv", "captions", io.BytesIO(SAMPLE_VTT.encode()))
    return Video.objects.get(pk=other.pk)


def test_processing_makes_the_poster_a_private_library_image(ready_video, ambassador):
    image = ready_video.poster_image
    assert image is not None
    assert image.collection.name == POSTERS_COLLECTION
    assert image.collection.get_view_restrictions().exists()
    assert image.uploaded_by_user == ambassador
    assert (image.width, image.height) == (ready_video.width, ready_video.height)
    # The cards' renditions are made with it, not on a visitor's request.
    assert image.renditions.filter(filter_spec__startswith="width-400").exists()


def test_a_card_without_a_page_picture_shows_the_poster_in_renditions(
    client, video_index, ready_video
):
    page = publish_video_page(video_index, "Surfplattan i hemtjänsten", ready_video)
    assert page.image is None
    html = client.get(video_index.url).content.decode()
    [card] = cards(html)
    assert "<picture" in card
    assert "srcset=" in card
    assert 'class="card-picture video-card__poster"' in card
    assert re.search(r'<img [^>]*alt=""', card)  # the title beside it names it
    assert 'loading="lazy"' in card
    assert ready_video.thumbnail.url not in card  # no longer the plain file


def test_the_listings_query_count_is_the_same_with_2_and_10_videos(
    client, video_index, ready_video, django_assert_max_num_queries
):
    publish_video_page(video_index, "Film 1", ready_video)
    publish_video_page(video_index, "Film 2", copy_of(ready_video, 2))
    client.get(video_index.url)  # warm caches that do not depend on the cards
    with django_assert_max_num_queries(200) as two:
        response = client.get(video_index.url)
    assert len(cards(response.content.decode())) == 2
    for number in range(3, 11):
        publish_video_page(video_index, f"Film {number}", copy_of(ready_video, number))
    client.get(video_index.url)
    with django_assert_max_num_queries(200) as ten:
        response = client.get(video_index.url)
    html = response.content.decode()
    assert len(cards(html)) == 10
    assert html.count("<picture") == 10
    assert len(ten.captured_queries) == len(two.captured_queries)


def test_an_uploaded_poster_becomes_the_poster_image_and_the_old_one_goes(
    ready_video, django_capture_on_commit_callbacks
):
    old = ready_video.poster_image
    with django_capture_on_commit_callbacks(execute=True):
        ready_video.thumbnail = SimpleUploadedFile(
            "affisch.png", png_bytes(size=(320, 180))
        )
        ready_video.save()
    video = Video.objects.get(pk=ready_video.pk)
    assert video.custom_poster
    assert video.poster_image_id not in (None, old.pk)
    assert (video.poster_image.width, video.poster_image.height) == (320, 180)
    assert not get_image_model().objects.filter(pk=old.pk).exists()


def test_the_poster_images_files_follow_the_videos_privacy(
    client, settings, video_index, ready_video, ambassador, member
):
    settings.DEBUG = False  # what /media/ serves outside development
    image = ready_video.poster_image
    urls = [image.file.url, image.renditions.first().url]
    assert {client.get(url).status_code for url in urls} == {404}
    client.force_login(member)
    assert {client.get(url).status_code for url in urls} == {404}
    client.force_login(ambassador)
    assert {client.get(url).status_code for url in urls} == {200}
    client.logout()
    publish_video_page(video_index, "Surfplattan", ready_video)
    assert {client.get(url).status_code for url in urls} == {200}


def test_deleting_the_video_deletes_its_poster_image(
    ready_video, django_capture_on_commit_callbacks
):
    image_id = ready_video.poster_image_id
    with django_capture_on_commit_callbacks(execute=True):
        ready_video.delete()
    assert not get_image_model().objects.filter(pk=image_id).exists()


def test_videos_processed_before_get_their_poster_image_once(ready_video):
    from io import StringIO

    from django.core.management import call_command

    Video.objects.filter(pk=ready_video.pk).update(poster_image=None)
    out = StringIO()
    call_command("make_poster_images", stdout=out)
    assert "Poster images made: 1" in out.getvalue()
    assert Video.objects.get(pk=ready_video.pk).poster_image_id is not None
    call_command("make_poster_images", stdout=out)
    assert "Poster images made: 0" in out.getvalue()
