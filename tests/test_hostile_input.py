"""Hostile input that answered 5xx answers 4xx, with a message: the Wagtail API's
search and offsets, tags of only punctuation."""

import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag

from taxonomy.tags import clean_tag_names

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("search", ['"', "\x00", "   ", "a" * 5000])
def test_wagtail_api_search_is_a_400_not_a_500(client, search):
    response = client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 400
    assert "search" in response.json()["message"]


@pytest.mark.parametrize("offset", ["9" * 30, "99999999999999999999", "-1", "abc"])
def test_an_offset_beyond_any_integer_is_a_400(client, offset):
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/", {"offset": offset})
        assert response.status_code == 400, endpoint
        assert "offset" in response.json()["message"]


def test_a_sensible_offset_still_pages(client):
    assert (
        client.get("/api/v2/pages/", {"offset": "0", "limit": "5"}).status_code == 200
    )


@pytest.mark.parametrize("names", [["!!!"], ["ok", "..."], ["—"], ["#"]])
def test_a_tag_of_only_punctuation_is_refused(names, english):
    with pytest.raises(ValidationError) as error:
        clean_tag_names(names, max_tags=10)
    assert "at least one letter or digit" in str(error.value)


def test_tags_are_trimmed_counted_once_and_reuse_existing_ones(english):
    Tag.objects.create(name="Välfärdsteknik", slug="valfardsteknik")
    assert clean_tag_names(
        ["  välfärdsteknik ", "VÄLFÄRDSTEKNIK", "e  förvaltning", ""], max_tags=10
    ) == ["Välfärdsteknik", "e förvaltning"]
    with pytest.raises(ValidationError):
        clean_tag_names(["a", "b", "c"], max_tags=2)


def test_the_network_refuses_a_punctuation_tag_and_survives_an_old_one(
    client, ambassador, english
):
    from tests.network.network_factories import make_category, make_thread

    category = make_category()
    client.force_login(ambassador)
    response = client.post(
        f"/network/c/{category.slug}/new/",
        {"title": "En fråga om taggar", "body": "Hur taggar vi?", "tags": "!!!"},
    )
    assert response.status_code in (200, 400)
    assert "at least one letter or digit" in response.content.decode()
    # A tag from before the rule (its slug may be empty) breaks no page.
    thread = make_thread(ambassador, category, title="Gammal tråd med tagg")
    thread.tags.add("???")
    client.logout()
    assert client.get("/network/").status_code == 200
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_the_image_api_lists_only_images_of_live_public_pages(client):
    """Images of drafts, restricted pages or no page at all are not listed (their
    titles would tell of unpublished work)."""
    from wagtail.models import PageViewRestriction

    from stories.models import StoryIndexPage
    from tests.factories import ImageFactory
    from tests.stories.story_helpers import publish_story

    def image(title):
        return ImageFactory(title=title)

    def body(img):
        return [("image", {"image": img, "alt_text": "En bild", "caption": ""})]

    from home.models import HomePage

    index = StoryIndexPage(title="Berättelser", slug="stories", intro="Erfarenheter.")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    public = image("Publik bild")
    publish_story(index, "Publik berättelse", body=body(public))
    draft_image = image("Utkastbild")
    draft = publish_story(index, "Utkast", body=body(draft_image))
    draft.unpublish()
    members_image = image("Medlemsbild")
    inner = publish_story(index, "Intern berättelse", body=body(members_image))
    PageViewRestriction.objects.create(
        page=inner, restriction_type=PageViewRestriction.LOGIN
    )
    image("Oanvänd bild")
    titles = [item["title"] for item in client.get("/api/v2/images/").json()["items"]]
    assert titles == ["Publik bild"]
