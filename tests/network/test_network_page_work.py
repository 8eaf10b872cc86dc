"""The work a signed-in thread page does per post (issue 19): a role is asked of
the accounts app once per request, and each post's addresses are made without a
`reverse` per post, yet are the ones the URL conf gives."""

import pytest
from django.urls import reverse

from accounts.permissions import permissions as account_permissions
from accounts.roles import Role, grant_role
from network import services
from network.models import Post
from network.permissions import network_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_thread(thread, other_ambassador, member):
    for number in range(6):
        author = member if number % 2 else other_ambassador
        services.reply(author, thread, f"Svar nummer {number} om nycklarna.")
    return thread


def _counting(monkeypatch, name):
    asked = []
    original = getattr(account_permissions, name)

    def counted(user):
        asked.append(user.pk)
        return original(user)

    monkeypatch.setattr(account_permissions, name, counted)
    return asked


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_the_thread_page_asks_the_moderator_role_once(
    request, client, monkeypatch, long_thread, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    asked = _counting(monkeypatch, "can_moderate_network")
    response = client.get(long_thread.get_absolute_url())
    assert response.status_code == 200
    assert asked == [user.pk]
    # The moderator's tools are there for the moderator only: the answer is used.
    assert (b"Moderator tools" in response.content) is (who == "moderator")


def test_a_role_is_asked_again_on_a_fresh_user_object(member, moderator):
    assert network_permissions.can_moderate_network(moderator) is True
    assert network_permissions.can_moderate_network(member) is False
    # A later request reads the user again: a role given in between shows.
    grant_role(member, Role.MODERATOR)
    assert network_permissions.can_moderate_network(member) is False  # this object
    fresh = type(member).objects.get(pk=member.pk)
    assert network_permissions.can_moderate_network(fresh) is True


def test_each_post_links_to_its_own_addresses(client, moderator, long_thread):
    client.force_login(moderator)
    html = client.get(long_thread.get_absolute_url()).content.decode()
    posts = list(Post.objects.filter(thread=long_thread))
    assert len(posts) == 8  # the question, its fixture reply and six more
    for post in posts:
        for name in ("post", "post_edit", "post_flag"):
            if name == "post_flag" and post.author_id == moderator.pk:
                continue  # nobody flags their own post
            assert f'href="{reverse(f"network:{name}", args=[post.pk])}"' in html
        for name in ("post_bookmark", "post_delete", "post_moderate"):
            action = reverse(f"network:{name}", args=[post.pk])
            assert f'action="{action}"' in html
        if post.author_id != moderator.pk:
            suspend = reverse("network:suspend", args=[post.author_id])
            assert f'href="{suspend}"' in html
