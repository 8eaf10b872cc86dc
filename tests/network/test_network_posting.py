"""Threads and posts: writing, Markdown and sanitising, mentions and quotes, bad input,
double submits, locked and deleted threads, pagination and constant query counts."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from network import services
from network.models import Notification, Post, Thread
from tests.factories import UserFactory
from tests.network.network_factories import attach_image, make_thread

pytestmark = pytest.mark.django_db


def _reply(client, thread, body, key=""):
    return client.post(
        reverse("network:reply", args=[thread.pk]),
        {"body": body, "submission_key": key},
    )


def test_ambassador_starts_a_thread_and_a_member_replies(
    client, ambassador, member, category
):
    client.force_login(ambassador)
    response = client.post(
        reverse("network:new_thread_category", args=[category.slug]),
        {
            "title": "Skärmbesök i hemtjänsten",
            "body": "Hur **många** tackar ja?",
            "tags": "skärmbesök, hemtjänst",
            "language": "sv",
            "submission_key": "k1",
        },
    )
    thread = Thread.objects.get(title="Skärmbesök i hemtjänsten")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert sorted(thread.tags.names()) == ["hemtjänst", "skärmbesök"]
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>många</strong>" in page

    client.force_login(member)
    response = _reply(client, thread, "Ungefär hälften.")
    post = Post.objects.get(thread=thread, position=2)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")
    thread.refresh_from_db()
    category.refresh_from_db()
    assert (thread.posts_count, thread.last_poster, thread.replies_count) == (
        2,
        member,
        1,
    )
    assert (category.threads_count, category.posts_count) == (1, 2)
    listing = client.get(reverse("network:category", args=[category.slug]))
    assert "Skärmbesök i hemtjänsten" in listing.content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "[klicka](javascript:alert(1))",
        '<a href="https://evil.example" onclick="alert(1)">x</a>',
    ],
)
def test_script_payloads_render_inert(client, member, thread, payload):
    client.force_login(member)
    _reply(client, thread, f"Hej {payload}")
    post = Post.objects.filter(thread=thread).latest("position")
    # Typed markup stays text: no element, no event handler, no script URL.
    assert not re.search(r"<(script|img)", post.html)
    assert not re.search(r"<[^>]*\son\w+=", post.html)
    assert 'href="javascript' not in post.html
    assert "Hej" in post.html
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in page


def test_links_are_nofollow_ugc(member, thread):
    post, _created = services.reply(
        member, thread, "Se https://example.org och [x](https://example.org/a)"
    )
    assert 'rel="nofollow ugc noopener"' in post.html
    assert 'href="https://example.org/a"' in post.html


def test_title_with_markup_is_escaped(client, ambassador, category):
    client.force_login(ambassador)
    client.post(
        reverse("network:new_thread_category", args=[category.slug]),
        {"title": "<b>Fet</b> <script>x</script>", "body": "Text", "language": "sv"},
    )
    thread = Thread.objects.get()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page


def test_empty_and_huge_posts_are_refused_with_clear_messages(client, member, thread):
    client.force_login(member)
    response = _reply(client, thread, "   \n ")
    assert response.status_code == 400
    assert "Write something before you post." in response.content.decode()
    response = _reply(client, thread, "x" * 1_000_000)
    assert response.status_code == 400
    assert "the most is 20000" in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 2


def test_mentioning_500_people_is_refused(client, member, thread):
    client.force_login(member)
    body = " ".join(f"@person-{n}" for n in range(500))
    response = _reply(client, thread, body)
    assert response.status_code == 400
    assert "at most 20 people" in response.content.decode()


def test_double_submit_makes_one_post(client, member, thread):
    client.force_login(member)
    first = _reply(client, thread, "Bara en gång, tack.", key="same-key")
    second = _reply(client, thread, "Bara en gång, tack.", key="same-key")
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(thread=thread, body="Bara en gång, tack.").count() == 1


def test_same_text_twice_is_detected(client, member, thread):
    client.force_login(member)
    _reply(client, thread, "Samma text.", key="a")
    response = _reply(client, thread, "Samma text.", key="b")
    assert response.status_code == 400
    assert "just posted the same text" in response.content.decode()


def test_reply_to_locked_or_deleted_thread_is_refused(
    client, member, moderator, thread
):
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(member)
    response = _reply(client, thread, "Får jag svara?")
    assert response.status_code == 403
    assert "This thread is locked" in response.content.decode()
    # A moderator may still add a closing note.
    client.force_login(moderator)
    assert _reply(client, thread, "Låst, se ny tråd.").status_code == 302

    Thread.objects.filter(pk=thread.pk).update(locked=False)
    first = Post.objects.get(thread=thread, position=1)
    services.delete_post(thread.author, first)
    client.force_login(member)
    assert _reply(client, thread, "Hallå?").status_code == 404
    with pytest.raises(PermissionDenied):
        services.reply(member, Thread.objects.get(pk=thread.pk), "Hallå?")


def test_mentions_link_and_notify_quotes_notify(
    member, ambassador, other_ambassador, thread
):
    handle = services.profile_of(ambassador).handle
    post, _created = services.reply(
        member, thread, f"Fråga @{handle} om saken, och @nobody."
    )
    assert f'href="/ambassadors/{ambassador.pk}/"' in post.html
    assert "@nobody" in post.html and 'class="mention">@nobody' not in post.html
    mention = Notification.objects.get(recipient=ambassador)
    assert mention.kind == Notification.Kind.MENTION
    assert list(post.mentioned.all()) == [ambassador]

    first = Post.objects.get(thread=thread, position=1)
    services.reply(
        ambassador,
        thread,
        f"> **Karin** [skrev](/network/p/{first.pk}/):\n> Tips?\n\nHär är mitt tips.",
    )
    kinds = dict(
        Notification.objects.filter(recipient=other_ambassador).values_list(
            "kind", "actor"
        )
    )
    assert kinds[Notification.Kind.QUOTE] == ambassador.pk


def test_nobody_is_notified_of_a_thread_they_cannot_read(
    private_thread, other_ambassador, member
):
    handle = services.profile_of(member).handle
    services.reply(other_ambassador, private_thread, f"Hej @{handle}")
    assert not Notification.objects.filter(recipient=member).exists()


def test_preview_renders_sanitised_markdown(client, member):
    client.force_login(member)
    response = client.post(
        reverse("network:preview"), {"body": "**fet** <script>x</script>"}
    )
    assert response.status_code == 200
    assert b"<strong>fet</strong>" in response.content
    assert b"<script>" not in response.content
    response = client.post(reverse("network:preview"), {"body": ""})
    assert b"Write something" in response.content


def test_edit_keeps_history_and_delete_is_soft(client, member, thread):
    post = Post.objects.get(thread=thread, position=2)
    client.force_login(member)
    response = client.post(
        reverse("network:post_edit", args=[post.pk]), {"body": "Rättad text."}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.edits_count == 1
    history = client.get(reverse("network:post_history", args=[post.pk]))
    assert "Phoniro" in history.content.decode()
    assert "Rättad text." in history.content.decode()

    client.post(reverse("network:post_delete", args=[post.pk]))
    post.refresh_from_db()
    assert post.deleted_on is not None
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "This post was deleted." in page
    assert "Rättad text." not in page


def test_permalink_leads_to_the_right_page(client, member, thread):
    for n in range(25):
        services.reply(member, thread, f"Svar nummer {n}")
    post = Post.objects.get(thread=thread, position=23)
    response = client.get(reverse("network:post", args=[post.pk]))
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{post.pk}"
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="post-{post.pk}"' in page


def _query_count(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["visitor", "member", "moderator"])
def test_thread_page_query_count_does_not_grow(
    role, request, client, category, other_ambassador, django_assert_max_num_queries
):
    user = request.getfixturevalue(role)
    people = [UserFactory() for _ in range(5)]
    small = make_thread(
        other_ambassador,
        category,
        title="Liten tråd",
        replies=[(people[n % 5], f"Svar {n}") for n in range(4)],
    )
    big = make_thread(
        other_ambassador,
        category,
        title="Stor tråd",
        replies=[(people[n % 5], f"Svar {n} @nobody **fet**") for n in range(49)],
    )
    for post in Post.objects.filter(thread=big)[:10]:
        services.toggle_reaction(people[0], post, "like") if post.author_id != people[
            0
        ].pk else None
    # Images on posts: one on a small thread's post, two on each of 20 big ones.
    attach_image(Post.objects.filter(thread=small).last())
    for post in Post.objects.filter(thread=big)[:20]:
        attach_image(post, "Första bilden")
        attach_image(post, "Andra bilden")
    if role != "visitor":
        client.force_login(user)
    client.get(small.get_absolute_url())  # first visit may write a read mark
    client.get(big.get_absolute_url())
    five = _query_count(client, small.get_absolute_url(), django_assert_max_num_queries)
    fifty = _query_count(client, big.get_absolute_url(), django_assert_max_num_queries)
    assert fifty == five
    assert client.get(big.get_absolute_url()).content.decode().count("<figure") == 40
    with django_assert_max_num_queries(25):
        client.get(big.get_absolute_url())


def test_thread_list_query_count_does_not_grow(
    client, member, category, other_ambassador, django_assert_max_num_queries
):
    client.force_login(member)
    make_thread(other_ambassador, category, title="En tråd", tags=["a"])
    url = reverse("network:category", args=[category.slug])
    client.get(url)  # warm the content-type cache
    one = _query_count(client, url, django_assert_max_num_queries)
    for n in range(12):
        make_thread(
            other_ambassador, category, title=f"Tråd nummer {n}", tags=["a", f"t{n}"]
        )
    # New threads move the content generation: the menu and footer, kept until
    # public content changes (dela.page_cache.remember), are read again once.
    client.get(url)
    many = _query_count(client, url, django_assert_max_num_queries)
    assert many == one
    index_one = _query_count(
        client, reverse("network:index"), django_assert_max_num_queries
    )
    assert index_one <= 20


def test_every_member_has_a_profile_and_handle(db):
    user = UserFactory(display_name="Åsa Ödegård")
    assert user.network_profile.handle == "asa-odegard"
    twin = UserFactory(display_name="Åsa Ödegård")
    assert twin.network_profile.handle == "asa-odegard-2"


def test_deleting_a_question_deletes_the_thread_and_recounts(client, thread, category):
    category.refresh_from_db()
    assert category.threads_count == 1
    client.force_login(thread.author)
    first = Post.objects.get(thread=thread, position=1)
    response = client.post(reverse("network:post_delete", args=[first.pk]))
    assert response["Location"] == category.get_absolute_url()
    category.refresh_from_db()
    assert category.threads_count == 0
    page = client.get(category.get_absolute_url()).content.decode()
    assert thread.title not in page
