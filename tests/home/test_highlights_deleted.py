"""A post deleted by its author, or by the erasure of their account with their posts,
leaves the home page's "Active in the network this week" block at once: both are bulk
updates that send no signal, so they tell dela.page_cache (the owner of what public
pages keep, which the home blocks listen to) themselves (issue 17)."""

import re

import pytest

from home.models import HomePage
from network import privacy, services
from network.models import Post
from tests.network.network_factories import make_category, make_thread

pytestmark = pytest.mark.django_db

BLOCK = "Active in the network this week"


@pytest.fixture(autouse=True)
def _roomy_limits(settings, english):
    settings.NETWORK_LIMITS = {
        "posts_per_window": 10000,
        "new_member_posts_per_window": 10000,
        "ip_posts_per_window": 10000,
        "new_member_links_per_post": 100,
    }
    assert HomePage.objects.exists()


def active_threads(client):
    html = client.get("/").content.decode()
    match = re.search(
        r'<section class="home-block"[^>]*>\s*<h2[^>]*>'
        + re.escape(BLOCK)
        + r"</h2>(.*?)</section>",
        html,
        re.S,
    )
    return match.group(1) if match else ""


def test_a_deleted_reply_leaves_the_block_at_once(
    client, ambassador, moderator, django_capture_on_commit_callbacks
):
    thread = make_thread(
        ambassador,
        make_category(),
        title="Digitala nycklar?",
        replies=[(moderator, "Vi började med två enheter.")],
    )
    assert "2 posts this week" in active_threads(client)  # now cached
    reply = Post.objects.get(thread=thread, position=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_post(moderator, reply)
    block = active_threads(client)
    assert "Digitala nycklar?" in block
    assert "1 post this week" in block


def test_a_withdrawn_thread_leaves_the_block_at_once(
    client, ambassador, django_capture_on_commit_callbacks
):
    thread = make_thread(ambassador, make_category(), title="Digitala nycklar?")
    assert "Digitala nycklar?" in active_threads(client)
    first = Post.objects.get(thread=thread, position=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_post(ambassador, first)
    assert "Digitala nycklar?" not in active_threads(client)


def test_an_erased_accounts_removed_posts_leave_the_block_at_once(
    client, ambassador, moderator, django_capture_on_commit_callbacks
):
    place = make_category()
    make_thread(ambassador, place, title="Ombudens tråd")
    other = make_thread(
        moderator,
        place,
        title="Moderatorns tråd",
        replies=[(ambassador, "Ett svar som ska bort.")],
    )
    block = active_threads(client)
    assert "Ombudens tråd" in block and "2 posts this week" in block
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_account(ambassador, remove_posts=True)
    block = active_threads(client)
    assert "Ombudens tråd" not in block
    assert other.title in block and "1 post this week" in block
