"""The catalogue's mixed cards (pages of every type fetched through their shared base
table) show a video page's poster when the page has no picture of its own, as the
video library's cards do: one rule (dela.pictures.PicturedPage.card_picture), the
poster in renditions with srcset, decorative beside the title; never the poster of a
private or unpublished video page; the same query count with 1 or 4 videos
(issue 17)."""

import re

import pytest
from wagtail.models import PageViewRestriction

from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.dela.test_pictures import make_image
from tests.media.media_helpers import publish_video_page
from tests.media.test_video_cards import copy_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    return make_index()


def cards(html):
    """{title: card html} of the catalogue's cards."""
    found = re.findall(r'<article class="catalogue-card.*?</article>', html, re.S)
    title = r'<h3 class="catalogue-card__title"><a [^>]*>([^<]*)</a>'
    return {re.search(title, card).group(1): card for card in found}


def poster_urls(video):
    return [rendition.url for rendition in video.poster_image.renditions.all()]


def test_a_video_without_a_picture_shows_its_poster_on_the_catalogue(
    client, catalogue, video_index, ready_video
):
    publish_video_page(video_index, "Surfplattan i hemtjänsten", ready_video)
    own = copy_of(ready_video, 2)
    publish_video_page(
        video_index,
        "Filmen med egen bild",
        own,
        image=make_image(size=(900, 600)),
        image_alt="Ombud vid en skärm",
    )
    make_entry(catalogue, "Ett exempel utan film")
    for url in ("/catalogue/", "/catalogue/?type=video", "/catalogue/?language=sv"):
        found = cards(client.get(url).content.decode())
        card = found["Surfplattan i hemtjänsten"]
        assert "<picture>" in card and "srcset=" in card, url
        assert re.search(r'<img [^>]*alt=""', card), url  # the title names it
        assert 'loading="lazy"' in card
        # The poster image's renditions, not the plain poster file.
        assert any(poster in card for poster in poster_urls(ready_video)), url
        assert ready_video.thumbnail.url not in card
        # A page's own picture comes before its poster, with its alt text.
        mine = found["Filmen med egen bild"]
        assert 'alt="Ombud vid en skärm"' in mine
        assert not any(poster in mine for poster in poster_urls(own))
        if "Ett exempel utan film" in found:
            assert "<picture>" not in found["Ett exempel utan film"]


def test_no_poster_of_a_private_or_unpublished_video_page_appears(
    client, catalogue, video_index, ready_video
):
    publish_video_page(video_index, "Den öppna filmen", ready_video)
    private_video, draft_video = copy_of(ready_video, 2), copy_of(ready_video, 3)
    private = publish_video_page(video_index, "Den slutna filmen", private_video)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    draft = publish_video_page(video_index, "Utkastet", draft_video)
    draft.unpublish()
    for url in ("/catalogue/", "/catalogue/?type=video", "/videos/"):
        html = client.get(url).content.decode()
        assert any(poster in html for poster in poster_urls(ready_video)), url
        for hidden in (private_video, draft_video):
            assert not any(poster in html for poster in poster_urls(hidden)), url
            assert hidden.thumbnail.url not in html


def test_the_catalogue_costs_the_same_queries_with_1_and_4_video_posters(
    client, catalogue, video_index, ready_video, django_assert_max_num_queries
):
    make_entry(catalogue, "Ett exempel", image=make_image(), image_alt="En bild")
    publish_video_page(video_index, "Film 1", ready_video)
    client.get("/catalogue/")  # the menu, footer and settings, read once per change
    with django_assert_max_num_queries(200) as one:
        html = client.get("/catalogue/").content.decode()
    assert html.count("<picture>") == 2
    for number in range(2, 5):
        publish_video_page(video_index, f"Film {number}", copy_of(ready_video, number))
    client.get("/catalogue/")
    with django_assert_max_num_queries(200) as four:
        html = client.get("/catalogue/").content.decode()
    assert html.count("<picture>") == 5
    assert len(four.captured_queries) == len(one.captured_queries)
