"""Download all my data; erase my account, keeping or removing my posts."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from network import services
from network.models import Notification, Post, Profile, Reaction, Thread
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def log_in_again(client, user):
    """Sign in, then confirm the password again as erasure asks (allauth's
    reauthentication)."""
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_export_holds_everything(client, thread, member, other_ambassador):
    post = Post.objects.get(thread=thread, position=2)
    services.edit_post(member, post, "Ändrad text.")
    services.toggle_reaction(member, thread.posts.get(position=1), "thanks")
    services.toggle_bookmark(member, post)
    services.reply(other_ambassador, thread, "Svar till Maja.")
    client.force_login(member)
    response = client.get(reverse("network:my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["posts"][0]["body"] == "Ändrad text."
    versions = data["posts"][0]["earlier_versions"]
    assert [v["body"] for v in versions] == ["Vi använder Phoniro sedan 2019."]
    assert data["reactions"][0]["kind"] == "thanks"
    assert len(data["bookmarks"]) == 1
    assert data["notifications"][0]["kind"] == "reply"
    assert data["profile"]["handle"]


def test_erase_keeping_posts_as_former_member(client, thread, member):
    services.toggle_reaction(member, thread.posts.get(position=1), "like")
    log_in_again(client, member)
    response = client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email=member.email).exists()
    assert not Profile.objects.filter(handle__startswith="maja").exists()
    post = Post.objects.get(thread=thread, position=2)
    assert post.author is None and post.body
    assert thread.posts.get(position=1).likes_count == 0
    assert not Reaction.objects.exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Former member" in page or "Tidigare medlem" in page
    assert "Maja Medlem" not in page


def test_erase_removing_posts(client, thread, member, other_ambassador):
    log_in_again(client, other_ambassador)
    response = client.post(
        reverse("network:erase"), {"posts": "remove", "confirm": "on"}
    )
    assert response.status_code == 302
    thread = Thread.objects.get(pk=thread.pk)
    assert thread.deleted_on is not None
    first = Post.objects.get(thread=thread, position=1)
    assert first.body == "" and first.deleted_on is not None
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert not Notification.objects.filter(recipient_id=other_ambassador.pk).exists()


def test_erase_needs_confirmation(client, member):
    log_in_again(client, member)
    response = client.post(reverse("network:erase"), {"posts": "keep"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=member.pk).exists()
