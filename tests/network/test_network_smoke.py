import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_render(client, thread, member, public_group, private_thread):
    for url in [
        reverse("network:index"),
        reverse("network:category", args=[thread.category.slug]),
        thread.get_absolute_url(),
        reverse("network:group", args=[public_group.slug]),
        reverse("network:directory"),
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(member)
    for url in [
        reverse("network:index"),
        thread.get_absolute_url(),
        reverse("network:notifications"),
        reverse("network:preferences"),
        reverse("network:profile_edit"),
        reverse("network:bookmarks"),
        reverse("network:profile", args=[member.pk]),
        reverse("network:my_data"),
    ]:
        assert client.get(url).status_code == 200, url
