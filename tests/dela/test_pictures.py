"""Pictures of stories, catalogue entries, events and videos (dela/pictures.py): cards
and pages show them through Wagtail renditions (<picture> with AVIF/WebP sources,
srcset and sizes, lazy on cards), alt text is required unless the picture is
decorative, and a listing's query count does not grow with its pictures."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import features

from dela.pictures import CARD_WIDTHS, available_formats, rendition_specs
from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.events.event_helpers import make_event
from tests.factories import ImageFactory
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db


def make_image(title="Foto", size=(300, 200), description=""):
    """A real JPEG in the image library (small: renditions are encoded for real)."""
    width, height = size
    return ImageFactory(
        title=title,
        description=description,
        file__width=width,
        file__height=height,
        file__format="JPEG",
        file__filename="foto.jpg",
    )


def pictured(alt="Ombud visar en surfplatta för en kollega", **fields):
    return {"image": make_image(), "image_alt": alt, **fields}


def pictures_in(html):
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def img_attrs(picture_html):
    tag = re.search(r"<img\b[^>]*>", picture_html).group(0)
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))


@pytest.fixture
def story_index(db):
    from home.models import HomePage
    from stories.models import StoryIndexPage

    index = StoryIndexPage(title="Berättelser", slug="stories")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    return index


def test_pillow_here_writes_avif_and_webp():
    """The formats the cards offer are the ones this Pillow can write."""
    assert available_formats() == tuple(
        fmt for fmt in ("avif", "webp", "jpeg") if fmt == "jpeg" or features.check(fmt)
    )
    assert "jpeg" in available_formats()


def test_story_card_shows_a_responsive_lazy_picture_with_alt_text(client, story_index):
    publish_story(
        story_index,
        "Surfplattan i hemtjänsten",
        image=make_image(size=(1000, 600)),
        image_alt="Ombud visar en surfplatta för en kollega",
    )
    publish_story(story_index, "Utan bild")

    html = client.get("/stories/").content.decode()

    pictures = pictures_in(html)
    assert len(pictures) == 1  # the story without an image shows none
    picture = pictures[0]
    formats = available_formats()
    for fmt in formats[:-1]:
        assert f'type="image/{fmt}"' in picture
    attrs = img_attrs(picture)
    assert attrs["alt"] == "Ombud visar en surfplatta för en kollega"
    assert attrs["loading"] == "lazy"
    assert attrs["sizes"]
    assert attrs["src"].endswith(".jpg")
    assert attrs["width"] and attrs["height"]
    assert re.findall(r" (\d+)w", attrs["srcset"]) == ["400", "800"]
    for source in re.findall(r"<source [^>]*>", picture):
        assert 'sizes="' in source
        srcset = re.search(r'srcset="([^"]+)"', source).group(1)
        assert re.findall(r"\.(\w+) (\d+)w", srcset) in (
            [("avif", "400"), ("avif", "800")],
            [("webp", "400"), ("webp", "800")],
        )


def test_a_picture_wider_than_the_card_gets_each_width_once(client, story_index):
    image = make_image(size=(1000, 600))
    publish_story(
        story_index, "Bred bild", image=image, image_alt="En bred bild av en sjö"
    )

    picture = pictures_in(client.get("/stories/").content.decode())[0]

    srcset = img_attrs(picture)["srcset"]
    widths = re.findall(r" (\d+)w", srcset)
    assert widths == [str(width) for width in CARD_WIDTHS]


def test_a_narrow_image_is_not_listed_twice_at_one_width(client, story_index):
    publish_story(story_index, "Liten bild", **pictured())  # 300 px wide

    picture = pictures_in(client.get("/stories/").content.decode())[0]

    # Wagtail does not enlarge: width-400 and width-800 are both 300 px; srcset
    # must not list one width twice.
    for srcset in re.findall(r'srcset="([^"]+)"', picture):
        widths = re.findall(r" (\d+)w", srcset)
        assert len(widths) == len(set(widths))


def test_a_decorative_picture_has_an_empty_alt(client, story_index):
    publish_story(
        story_index,
        "Dekor",
        image=make_image(),
        image_alt="",
        image_decorative=True,
    )

    picture = pictures_in(client.get("/stories/").content.decode())[0]

    assert re.search(r'<img\b[^>]*\balt=""', picture)


def test_story_page_shows_its_picture_at_once_not_lazily(client, story_index):
    story = publish_story(story_index, "Med bild", **pictured())

    html = client.get(story.url).content.decode()

    picture = pictures_in(html)[0]
    attrs = img_attrs(picture)
    assert attrs["alt"] == "Ombud visar en surfplatta för en kollega"
    assert "loading" not in attrs
    assert attrs["fetchpriority"] == "high"


def test_catalogue_entry_event_and_their_cards_show_pictures(client):
    index = make_index()
    entry = make_entry(index, "Seniorer lär sig e-legitimation", **pictured())
    event = make_event(
        title="Nätverksträff i Halmstad",
        slug="natverkstraff-bild",
        image=make_image(),
        image_alt="Tio ombud runt ett bord med datorer",
    )
    event.save_revision().publish()

    for url, alt in (
        ("/catalogue/", "Ombud visar en surfplatta för en kollega"),
        (entry.url, "Ombud visar en surfplatta för en kollega"),
        ("/events/", "Tio ombud runt ett bord med datorer"),
        (event.url, "Tio ombud runt ett bord med datorer"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        pictures = pictures_in(response.content.decode())
        assert [img_attrs(p)["alt"] for p in pictures] == [alt], url


def test_alt_text_is_required_unless_the_picture_is_decorative(story_index, english):
    story = publish_story(story_index, "Utan alt-text")
    story.image = make_image()
    story.image_alt = "  "

    with pytest.raises(ValidationError) as caught:
        story.full_clean()

    assert caught.value.message_dict["image_alt"] == [
        "Describe the image, or mark it as decorative."
    ]
    story.image_decorative = True
    story.full_clean()


def test_the_image_description_is_the_alt_text_when_the_page_leaves_it_empty(
    story_index,
):
    story = publish_story(story_index, "Bildbeskrivning")
    story.image = make_image(description="En karta över Halland")
    story.image_alt = ""

    story.full_clean()

    assert story.image_alt == "En karta över Halland"


def queries_for(client, url):
    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(pictures_in(response.content.decode()))


@pytest.mark.parametrize("listing", ["stories", "catalogue", "events"])
def test_a_listing_costs_the_same_queries_with_more_pictures(
    client, story_index, listing
):
    index = make_index() if listing == "catalogue" else None

    def add(number):
        title = f"Bild {listing} {number}"
        fields = pictured(alt=f"Bild nummer {number}")
        if listing == "stories":
            publish_story(story_index, title, **fields)
        elif listing == "catalogue":
            make_entry(index, title, **fields)
        else:
            event = make_event(title=title, slug=f"bild-{number}", **fields)
            event.save_revision().publish()

    for number in range(2):
        add(number)
    few, shown_few = queries_for(client, f"/{listing}/")
    for number in range(2, 6):
        add(number)
    many, shown_many = queries_for(client, f"/{listing}/")

    assert (shown_few, shown_many) == (2, 6)
    assert many == few


def test_card_renditions_are_the_ones_listings_prefetch(client, story_index):
    """The prefetch asks for exactly the renditions the card tag makes: a second
    view of a listing finds them all and makes none."""
    from wagtail.images.models import Rendition

    story = publish_story(story_index, "Förhämtad", **pictured())
    client.get("/stories/")
    specs = set(
        Rendition.objects.filter(image=story.image).values_list(
            "filter_spec", flat=True
        )
    )

    assert specs == set(rendition_specs(CARD_WIDTHS, available_formats()))
