"""The picture of a shared story is the author's and the editors' until the story is
published: its original and its renditions, by address, by the Images API and after a
rejection or an unpublish (issue 12). Images that editors upload in the admin stay
public, as in Wagtail."""

import pytest
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction

from stories.models import CaseStoryPage
from stories.services import SUBMISSIONS_COLLECTION, submissions_collection
from taxonomy.review import ReviewAction, review_page
from tests.factories import ImageFactory, UserFactory
from tests.stories.story_helpers import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False  # what /media/ serves outside development


@pytest.fixture
def shared_image(client, story_index, ambassador, story_data):
    client.force_login(ambassador)
    response = client.post(
        "/stories/share/",
        {
            **story_data,
            "image": png_upload("ombud.png", size=(40, 30)),
            "image_alt_text": "Två ombud",
        },
    )
    assert response.status_code == 302
    client.logout()
    image = get_image_model().objects.get()
    return image, CaseStoryPage.objects.get()


def file_urls(image):
    return [image.file.url, image.get_rendition("fill-20x20").url]


def statuses(client, urls, reader):
    client.logout()
    if reader is not None:
        client.force_login(reader)
    return {client.get(url).status_code for url in urls}


def test_shared_images_wait_in_the_editors_private_collection(shared_image):
    image, _story = shared_image
    assert image.collection.name == SUBMISSIONS_COLLECTION
    restriction = CollectionViewRestriction.objects.get(collection=image.collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert [group.name for group in restriction.groups.all()] == ["Editors"]
    assert submissions_collection() == image.collection  # one, found again


def test_an_unpublished_storys_picture_is_for_its_author_and_the_editors(
    client, shared_image, ambassador, editor, member, other_ambassador
):
    image, _story = shared_image
    urls = file_urls(image)
    assert statuses(client, urls, None) == {404}
    assert statuses(client, urls, member) == {404}
    assert statuses(client, urls, other_ambassador) == {404}
    assert statuses(client, urls, ambassador) == {200}
    assert statuses(client, urls, editor) == {200}
    client.logout()
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] == 0


def test_publishing_makes_the_picture_public_and_unpublishing_private_again(
    client, shared_image, editor, django_capture_on_commit_callbacks
):
    image, story = shared_image
    urls = file_urls(image)
    with django_capture_on_commit_callbacks(execute=True):
        review_page(story, editor, ReviewAction.APPROVE)
    assert statuses(client, urls, None) == {200}
    listed = client.get("/api/v2/images/").json()
    assert [item["id"] for item in listed["items"]] == [image.pk]

    CaseStoryPage.objects.get(pk=story.pk).unpublish()
    assert statuses(client, urls, None) == {404}


def test_a_rejected_storys_picture_stays_private(
    client, shared_image, editor, ambassador, django_capture_on_commit_callbacks
):
    image, story = shared_image
    with django_capture_on_commit_callbacks(execute=True):
        review_page(story, editor, ReviewAction.REJECT, "Inte en berättelse om ombud.")
    urls = file_urls(image)
    assert statuses(client, urls, None) == {404}
    assert statuses(client, urls, ambassador) == {200}


def test_admin_library_images_are_public_and_unknown_files_are_not_found(client):
    image = ImageFactory(title="Logotyp", uploaded_by_user=UserFactory())
    assert statuses(client, file_urls(image), None) == {200}
    assert client.get("/media/original_images/nobody.png").status_code == 404
    assert client.get("/media/documents/anything.pdf").status_code == 404


def test_the_web_server_sends_a_checked_picture(
    client, shared_image, ambassador, settings
):
    image, _story = shared_image
    settings.DELA_ACCEL_REDIRECT = "/protected/"
    client.force_login(ambassador)
    response = client.get(image.file.url)
    assert response["X-Accel-Redirect"] == "/protected/" + image.file.name
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
