"""The picture an ambassador shares with a story is the page's picture
(dela.pictures.PicturedPage): the card shows it in renditions with its alternative
text, the story page shows it once, a resubmission keeps it, a missing alternative
text is refused in the reader's language with nothing stored; stories that kept it
as a first image block get it moved by a migration (issue 17)."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from stories.models import CaseStoryPage
from taxonomy.review import ReviewAction, review_page
from tests.factories import ImageFactory
from tests.stories.story_helpers import png_upload, publish_story

pytestmark = pytest.mark.django_db

SHARE = "/stories/share/"
ALT = "Två ombud visar en surfplatta för en kollega"


def edit_url(story):
    return f"/stories/drafts/{story.pk}/edit/"


def share(client, ambassador, story_data, **fields):
    client.force_login(ambassador)
    data = {**story_data, "image": png_upload("ombud.png", size=(900, 600))}
    data.update(fields)
    return client.post(SHARE, data)


def approve(story, editor, capture):
    with capture(execute=True):
        review_page(story, editor, ReviewAction.APPROVE)
    return CaseStoryPage.objects.get(pk=story.pk)


def stored_originals():
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_shared_storys_card_shows_its_picture_with_alt_text_and_the_page_once(
    client,
    story_index,
    ambassador,
    editor,
    story_data,
    django_capture_on_commit_callbacks,
):
    assert share(client, ambassador, story_data, image_alt_text=ALT).status_code == 302
    story = approve(
        CaseStoryPage.objects.get(), editor, django_capture_on_commit_callbacks
    )
    assert story.live and story.image is not None and story.image_alt == ALT
    client.logout()

    listing = client.get("/stories/").content.decode()
    card = re.search(r'<article class="card story-card">.*?</article>', listing, re.S)
    assert card is not None
    assert "<picture" in card.group(0)
    assert "srcset=" in card.group(0)
    assert f'alt="{ALT}"' in card.group(0)
    assert 'loading="lazy"' in card.group(0)

    page = client.get(story.url).content.decode()
    article = page[page.index('<article class="story"') : page.index("</article>")]
    # One picture at the top of the page, none in the body again.
    assert article.count("<picture") == 1
    assert article.count(f'alt="{ALT}"') == 1
    assert '<div class="story__body prose">' in article
    body = article[article.index('<div class="story__body prose">') :]
    assert "<img" not in body


def test_the_form_asks_for_alt_text_or_decorative_in_the_readers_language(
    client, story_index, ambassador, story_data
):
    client.force_login(ambassador)
    form = client.get(SHARE).content.decode()
    assert 'name="image_alt_text"' in form
    assert 'name="image_decorative"' in form
    assert "dekorativ" in form  # Swedish, the site's language

    response = share(client, ambassador, story_data, image_alt_text="  ")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["image_alt_text"] == [
        "Beskriv bilden eller markera den som dekorativ."
    ]
    assert (
        "Beskriv bilden eller markera den som dekorativ." in response.content.decode()
    )
    assert not CaseStoryPage.objects.exists()
    assert not get_image_model().objects.exists()
    assert stored_originals() == []


def test_a_missing_alt_text_is_refused_in_norwegian_too(
    client, story_index, ambassador, story_data
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    response = share(client, ambassador, story_data, image_alt_text="")
    assert response.status_code == 200
    message = response.context["form"].errors["image_alt_text"][0]
    assert message != "Describe the image, or mark it as decorative."
    assert "dekorativ" in message
    assert not get_image_model().objects.exists()


def test_a_decorative_picture_needs_no_alt_text_and_is_read_as_empty(
    client,
    story_index,
    ambassador,
    editor,
    story_data,
    django_capture_on_commit_callbacks,
):
    response = share(
        client, ambassador, story_data, image_alt_text="", image_decorative="on"
    )
    assert response.status_code == 302
    story = approve(
        CaseStoryPage.objects.get(), editor, django_capture_on_commit_callbacks
    )
    assert story.image_decorative and story.picture_alt == ""
    client.logout()
    listing = client.get("/stories/").content.decode()
    card = re.search(r'<article class="card story-card">.*?</article>', listing, re.S)
    assert re.search(r'<img [^>]*alt=""', card.group(0))


def test_resubmission_keeps_the_picture_and_its_alt_text_unless_replaced(
    client,
    story_index,
    ambassador,
    editor,
    story_data,
    django_capture_on_commit_callbacks,
):
    assert share(client, ambassador, story_data, image_alt_text=ALT).status_code == 302
    story = CaseStoryPage.objects.get()
    first_image = story.get_latest_revision_as_object().image
    with django_capture_on_commit_callbacks(execute=True):
        review_page(story, editor, ReviewAction.REQUEST_CHANGES, "Kortare text.")

    # The edit form reads the picture from the page: the current picture, its text.
    form = client.get(edit_url(story))
    assert form.context["form"].initial["image_alt_text"] == ALT
    assert form.context["form"].has_image
    assert f'alt="{ALT}"' in form.content.decode()

    data = {**story_data, "body": "Kortare.", "image_alt_text": ALT}
    del data["consent"]
    # Without a text or the mark, nothing is saved.
    refused = client.post(edit_url(story), {**data, "image_alt_text": ""})
    assert "image_alt_text" in refused.context["form"].errors
    assert (
        story.get_latest_revision_as_object().body[0].value.source != "<p>Kortare.</p>"
    )

    assert client.post(edit_url(story), data).status_code == 302
    draft = CaseStoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert draft.image == first_image
    assert draft.image_alt == ALT
    assert [block.block_type for block in draft.body] == ["paragraph"]

    # A new upload replaces it.
    with django_capture_on_commit_callbacks(execute=True):
        review_page(story, editor, ReviewAction.REQUEST_CHANGES, "Ny bild, tack.")
    replaced = client.post(
        edit_url(story),
        {
            **data,
            "image": png_upload("ny.png", size=(900, 600)),
            "image_alt_text": "Ny",
        },
    )
    assert replaced.status_code == 302
    draft = CaseStoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert draft.image != first_image and draft.image_alt == "Ny"
    assert draft.image.collection.name == "Story submissions"


# --- The migration of stories that kept their picture as a block -------------------


def run_migration():
    module = importlib.import_module(
        "stories.migrations.0003_story_picture_from_image_block"
    )
    module.move_first_image_block(apps, None)


@pytest.fixture
def library_image(db):
    return ImageFactory(title="Ombud")


def image_block(image, alt="Ombuden i Halmstad", decorative=False):
    return (
        "image",
        {"image": image, "alt_text": alt, "decorative": decorative, "caption": ""},
    )


def test_the_migration_moves_a_first_image_block_into_the_picture(
    story_index, library_image
):
    story = publish_story(
        story_index,
        "Gammal berättelse",
        body=[image_block(library_image), ("paragraph", RichText("<p>Text.</p>"))],
    )
    # A draft under review with the same shape.
    draft = story.get_latest_revision_as_object()
    draft.summary = "Ändrad sammanfattning."
    draft.save_revision()
    untouched = publish_story(
        story_index,
        "Bild mitt i",
        body=[("paragraph", RichText("<p>Text.</p>")), image_block(library_image)],
    )

    run_migration()
    run_migration()  # again: nothing more changes

    story = CaseStoryPage.objects.get(pk=story.pk)
    assert story.image == library_image
    assert story.image_alt == "Ombuden i Halmstad"
    assert [block.block_type for block in story.body] == ["paragraph"]
    revision = story.get_latest_revision_as_object()
    assert revision.summary == "Ändrad sammanfattning."
    assert revision.image == library_image
    assert [block.block_type for block in revision.body] == ["paragraph"]
    # An image further down is an illustration, not the picture: it stays.
    untouched = CaseStoryPage.objects.get(pk=untouched.pk)
    assert untouched.image is None
    assert [block.block_type for block in untouched.body] == ["paragraph", "image"]


def test_the_migration_leaves_a_story_that_has_a_picture(story_index, library_image):
    own = ImageFactory(title="Egen")
    story = publish_story(
        story_index,
        "Har bild",
        image=own,
        image_alt="Egen bild",
        body=[image_block(library_image, decorative=True)],
    )
    run_migration()
    story = CaseStoryPage.objects.get(pk=story.pk)
    assert story.image == own and story.image_alt == "Egen bild"
    assert [block.block_type for block in story.body] == ["image"]
