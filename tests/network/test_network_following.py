"""Solutions, reactions, bookmarks, following and unread tracking."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import services, tracking
from network.models import Bookmark, Post, Profile, ReadMark, Subscription, Thread

pytestmark = pytest.mark.django_db


def test_author_marks_a_solution_shown_first_and_counted(
    client, thread, member, other_ambassador, ambassador
):
    reply = Post.objects.get(thread=thread, position=2)
    client.force_login(ambassador)  # not the author
    assert (
        client.post(reverse("network:post_solution", args=[reply.pk])).status_code
        == 403
    )
    client.force_login(other_ambassador)
    response = client.post(reverse("network:post_solution", args=[reply.pk]))
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.solution == reply and thread.solved
    assert Profile.objects.get(user=member).solutions_count == 1
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.index('id="solution-heading"') < page.index('id="post-')
    listing = client.get(reverse("network:category", args=[thread.category.slug]))
    assert "Solved" in listing.content.decode()
    profile = client.get(reverse("network:profile", args=[member.pk])).content.decode()
    assert "1 solution" in profile

    # Changing the solution moves the count; unmarking takes it away.
    another, _ = services.reply(ambassador, thread, "Ett bättre svar.")
    services.mark_solution(other_ambassador, another)
    assert Profile.objects.get(user=member).solutions_count == 0
    assert Profile.objects.get(user=ambassador).solutions_count == 1
    client.post(reverse("network:thread_unsolve", args=[thread.pk]))
    assert Profile.objects.get(user=ambassador).solutions_count == 0
    assert not Thread.objects.get(pk=thread.pk).solved


def test_the_question_itself_cannot_be_the_solution(thread, other_ambassador):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.mark_solution(other_ambassador, thread.posts.get(position=1))


def test_reactions_toggle_and_count(client, thread, ambassador, member):
    post = Post.objects.get(thread=thread, position=1)
    client.force_login(member)
    url = reverse("network:post_react", args=[post.pk])
    client.post(url, {"kind": "helpful"})
    client.post(url, {"kind": "thanks"})
    post.refresh_from_db()
    assert (post.helpful_count, post.thanks_count, post.likes_count) == (1, 1, 0)
    client.post(url, {"kind": "helpful"})  # taken back
    post.refresh_from_db()
    assert post.helpful_count == 0
    client.post(url, {"kind": "bogus"})
    post.refresh_from_db()
    assert (post.helpful_count, post.thanks_count) == (0, 1)
    # Nobody reacts to their own post.
    own = Post.objects.get(thread=thread, position=2)
    with pytest.raises(PermissionDenied):
        services.toggle_reaction(member, own, "like")


def test_bookmarks(client, thread, member):
    post = Post.objects.get(thread=thread, position=1)
    client.force_login(member)
    client.post(reverse("network:post_bookmark", args=[post.pk]))
    assert Bookmark.objects.filter(user=member, post=post).exists()
    page = client.get(reverse("network:bookmarks")).content.decode()
    assert thread.title in page
    client.post(reverse("network:post_bookmark", args=[post.pk]))
    assert not Bookmark.objects.filter(user=member).exists()


def test_follow_and_unfollow(client, thread, category, public_group, ambassador):
    client.force_login(ambassador)
    client.post(reverse("network:thread_watch", args=[thread.pk]), {"watching": "1"})
    client.post(
        reverse("network:watch", args=["category", category.pk]), {"watching": "1"}
    )
    client.post(
        reverse("network:watch", args=["group", public_group.pk]), {"watching": "1"}
    )
    kinds = set(
        Subscription.objects.filter(user=ambassador).values_list("kind", flat=True)
    )
    assert kinds == {"thread", "category", "group"}
    client.post(reverse("network:thread_watch", args=[thread.pk]), {"watching": "0"})
    assert not Subscription.objects.filter(user=ambassador, kind="thread").exists()
    assert client.post(reverse("network:watch", args=["planet", 1])).status_code == 404


def test_unread_tracking(client, thread, ambassador, member, category):
    url = reverse("network:category", args=[category.slug])
    client.force_login(ambassador)
    assert "thread-row--unread" in client.get(url).content.decode()
    client.get(thread.get_absolute_url())
    mark = ReadMark.objects.get(user=ambassador, thread=thread)
    assert mark.read_position == 2
    page = client.get(url).content.decode()
    assert "thread-row--unread" not in page

    services.reply(member, thread, "Något nytt.")
    page = client.get(url).content.decode()
    assert "thread-row--unread" in page and "1 unread" in page
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert 'id="unread"' in thread_page
    mark.refresh_from_db()
    assert mark.read_position == 3


def test_reading_again_writes_nothing(client, thread, ambassador):
    client.force_login(ambassador)
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(thread.get_absolute_url())
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []


def test_read_marks_are_one_upsert_and_never_fail_the_page(
    client, thread, ambassador, monkeypatch
):
    from django.db import DatabaseError

    def busy(*args, **kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(ReadMark.objects, "bulk_create", busy)
    client.force_login(ambassador)
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert not ReadMark.objects.filter(user=ambassador).exists()


def test_visitors_see_no_unread_marks(thread):
    from django.contrib.auth.models import AnonymousUser

    [annotated] = tracking.annotate_unread([thread], AnonymousUser())
    assert annotated.unread == 0
