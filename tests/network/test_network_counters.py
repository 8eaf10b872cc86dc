"""Counters kept on rows (posts per thread, place and person; reactions per post;
members per group) change with every post, reaction and join. No search document
shows them, so writing them re-indexes nothing: a reply re-indexes its own thread
only (issue 19: it re-indexed every thread of its category, thousands at full
scale), and the notifications of a group's thread cost no query per recipient."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network import services
from network.models import Category, Notification, Post, Profile, Subscription, Thread
from network.notifications import notify_new_post
from tests.factories import UserFactory
from tests.network.network_factories import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The search documents each change queues: [(type, pks)]."""
    from search import signals

    calls = []
    enqueue = signals.enqueue

    def recorded(name, pks):
        calls.append((name, set(pks) - {None}))
        enqueue(name, pks)

    monkeypatch.setattr(signals, "enqueue", recorded)
    return calls


def _queued_keys(calls):
    return {(name, pk) for name, pks in calls for pk in pks}


def test_a_reply_reindexes_its_thread_only_and_counts(
    category, other_ambassador, member, queued
):
    threads = [
        make_thread(other_ambassador, category, title=f"Tråd {n}") for n in range(3)
    ]
    thread = threads[0]
    before = Category.objects.get(pk=category.pk).posts_count
    queued.clear()
    post, created = services.reply(member, thread, "Så här gjorde vi i Laholm.")
    assert created
    assert _queued_keys(queued) == {("thread", thread.pk)}
    thread = Thread.objects.get(pk=thread.pk)
    assert (thread.posts_count, thread.last_post_on, thread.last_poster_id) == (
        2,
        post.created_on,
        member.pk,
    )
    assert Category.objects.get(pk=category.pk).posts_count == before + 1
    assert Profile.objects.get(user=member).posts_count == 1
    assert Subscription.objects.filter(user=member, thread=thread).count() == 1
    services.reply(member, thread, "Och en sak till om nycklarna.")
    assert Subscription.objects.filter(user=member, thread=thread).count() == 1


def test_reactions_and_joins_reindex_nothing(
    category, other_ambassador, member, public_group, queued
):
    thread = make_thread(other_ambassador, category, replies=[(member, "Ett svar.")])
    post = Post.objects.get(thread=thread, position=2)
    queued.clear()
    services.toggle_reaction(other_ambassador, post, "like")
    assert Post.objects.get(pk=post.pk).likes_count == 1
    services.join_group(member, public_group)
    assert _queued_keys(queued) == set()


def test_a_searched_field_is_not_a_counter(thread):
    with pytest.raises(ValueError):
        Thread.objects.filter(pk=thread.pk).update_counters(title="Ny titel")
    thread.title = "Ny titel"
    with pytest.raises(ValueError):
        Thread.objects.bulk_update_counters([thread], ["title"])
    thread.refresh_from_db()
    assert thread.title != "Ny titel"


def test_notifying_a_groups_followers_costs_no_query_per_follower(
    private_group, other_ambassador
):
    thread = make_thread(other_ambassador, private_group, title="Budget")

    def notify_with(followers):
        for user in followers:
            services._add_member(private_group, user)
            Subscription.objects.create(user=user, kind="thread", thread=thread)
        post, _created = services.reply(
            other_ambassador, thread, f"Svar till {len(followers)} nya."
        )
        # Told already (tasks run at once in tests): asked again, as a worker would.
        Notification.objects.filter(post=post).delete()
        post = Post.objects.select_related("thread", "author").get(pk=post.pk)
        with CaptureQueriesContext(connection) as queries:
            created = notify_new_post(post)
        return len(created), len(queries)

    told_few, few = notify_with([UserFactory() for _ in range(2)])
    told_many, many = notify_with([UserFactory() for _ in range(12)])
    assert (told_few, told_many) == (2, 14)
    assert many == few
    assert Notification.objects.filter(thread=thread).count() == 16
    assert Notification.objects.filter(thread=thread, kind="reply").count() == 16


def test_a_thread_page_asks_once_an_author_and_shows_what_the_reader_may_see(
    client, category, other_ambassador, member
):
    """Each author's profile link and photo are worked out once a page (not once a
    post): a members-only profile shows to members on every post, to nobody else."""
    thread = make_thread(
        other_ambassador,
        category,
        replies=[(member, "Ett svar."), (other_ambassador, "Tack, ett till.")],
    )
    Profile.objects.filter(user=other_ambassador).update(
        visibility=Profile.ProfileVisibility.MEMBERS,
        photo_thumbnail="profiles/abcdef12.jpg",
    )
    profile = Profile.objects.get(user=other_ambassador)
    link = f'href="{profile.get_absolute_url()}"'
    photo = profile.photo_url("thumb")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert link not in page and photo not in page
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count(link) == 2 and page.count(photo) == 2
