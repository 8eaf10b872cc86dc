"""The network's searchable types: who may find a thread or a profile."""

import pytest

from network import moderation, services
from network.searchable import ProfileSearch, ThreadSearch, network_groups
from search.registry import MEMBERS, PUBLIC, group_token, registry

pytestmark = pytest.mark.django_db


def test_thread_documents_follow_their_place(
    thread, private_thread, members_category, other_ambassador, moderator
):
    search = registry.get("thread")
    assert isinstance(search, ThreadSearch)
    doc = search.to_document(thread)
    assert doc.audience == [PUBLIC]
    assert "Phoniro" in doc.text and doc.url == thread.get_absolute_url()
    assert search.to_document(private_thread).audience == [
        group_token(private_thread.group_id)
    ]
    inner = services.start_thread(
        other_ambassador, members_category, "Intern fråga", "Hej"
    )
    assert search.to_document(inner).audience == [MEMBERS]

    moderation.set_thread_state(moderator, thread, "hide")
    thread.refresh_from_db()
    assert search.to_document(thread) is None
    assert thread not in search.get_queryset()


def test_hidden_posts_leave_the_document(thread, moderator):
    search = registry.get("thread")
    reply = thread.posts.get(position=2)
    moderation.set_post_hidden(moderator, reply, True)
    assert "Phoniro" not in search.to_document(thread).text
    stale = dict(search.watch)[type(reply)]
    assert list(stale(reply)) == [thread]


def test_private_group_members_get_the_groups_token(
    private_group, group_member, member
):
    assert network_groups(group_member) == [group_token(private_group.pk)]
    assert group_token(private_group.pk) in registry.audience_for(group_member)
    assert group_token(private_group.pk) not in registry.audience_for(member)


def test_profiles(ambassador, member):
    search = registry.get("profile")
    assert isinstance(search, ProfileSearch)
    profile = services.profile_of(ambassador)
    doc = search.to_document(profile)
    assert doc.audience == [MEMBERS] and doc.title == ambassador.public_name
    profile.visibility = "public"
    assert search.to_document(profile).audience == [PUBLIC]
    assert search.to_document(services.profile_of(member)) is None
