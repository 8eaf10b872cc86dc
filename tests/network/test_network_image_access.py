"""Who may open a post's image: whoever may read the post, and nobody through
/media/ (a private group's pictures must not leak by their address)."""

import pytest

from network import moderation
from network.models import Post

pytestmark = pytest.mark.django_db


def first_post_image(thread):
    from tests.network.network_factories import attach_image

    post = Post.objects.get(thread=thread, position=1)
    return attach_image(post, alt="Whiteboard från workshoppen")


def test_public_thread_images_are_open_to_visitors(client, thread):
    image = first_post_image(thread)
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'src="{image.get_absolute_url()}"' in page
    assert image.image.url not in page


def test_private_group_images_only_for_its_members(
    client, private_thread, group_member, member
):
    image = first_post_image(private_thread)
    url = image.get_absolute_url()
    # A visitor learns nothing of a private group's image, as of its thread.
    assert client.get(url).status_code == 404
    client.force_login(member)  # signed in, not in the group
    assert client.get(url).status_code == 404
    client.force_login(group_member)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("debug", [True, False])
def test_the_file_itself_is_never_served_from_media(
    client, settings, private_thread, group_member, debug
):
    settings.DEBUG = debug
    image = first_post_image(private_thread)
    assert image.image.name.startswith("private/")
    client.force_login(group_member)
    assert client.get(image.image.url).status_code == 404


def test_hidden_posts_images_are_gone_for_everyone(client, thread, moderator):
    image = first_post_image(thread)
    moderation.set_post_hidden(moderator, image.post, True, "Personuppgifter på bilden")
    client.force_login(moderator)
    assert client.get(image.get_absolute_url()).status_code == 404


def test_an_image_of_another_post_is_not_found(client, thread):
    image = first_post_image(thread)
    other = Post.objects.get(thread=thread, position=2)
    response = client.get(f"/network/p/{other.pk}/images/{image.pk}/")
    assert response.status_code == 404
