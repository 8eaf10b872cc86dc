"""New-member limits and throttles: a clear message when a limit is hit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network import services
from network.limits import RateLimited, is_new_member
from network.models import Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(settings):
    settings.NETWORK_LIMITS = {
        "new_member_posts_per_window": 2,
        "new_member_links_per_post": 1,
        "posts_per_window": 4,
        "ip_posts_per_window": 5,
    }


def test_new_member_post_rate(client, strict, thread, member):
    assert is_new_member(member)
    client.force_login(member)
    url = reverse("network:reply", args=[thread.pk])
    assert client.post(url, {"body": "Ett."}).status_code == 302
    response = client.post(url, {"body": "Två."})
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert not Post.objects.filter(body="Två.").exists()


def test_new_member_links(client, strict, thread, member):
    client.force_login(member)
    response = client.post(
        reverse("network:reply", args=[thread.pk]),
        {"body": "Se https://a.example och https://b.example"},
    )
    assert response.status_code == 429
    assert "at most 1 link" in response.content.decode()


def test_established_members_get_more(strict, thread, member):
    member.date_joined = timezone.now() - timedelta(days=60)
    member.save()
    assert not is_new_member(member)
    for n in range(3):
        services.reply(member, thread, f"Svar {n} https://a.example https://b.example")
    with pytest.raises(RateLimited):
        services.reply(member, thread, "Ett för mycket.")


def test_per_ip_throttle(strict, thread):
    people = [UserFactory() for _ in range(4)]
    for person in people:
        person.date_joined = timezone.now() - timedelta(days=60)
        person.save()
    for n in range(5):
        services.reply(people[n % 4], thread, f"Från samma nät {n}", ip="10.0.0.7")
    with pytest.raises(RateLimited) as limited:
        services.reply(people[0], thread, "Ett till", ip="10.0.0.7")
    assert "network address" in limited.value.message
    services.reply(people[1], thread, "Från ett annat nät", ip="10.0.0.8")


@pytest.mark.parametrize(
    "seconds, language, window",
    [
        (600, "en", "2 times in the last 10 minutes"),
        (60, "en", "2 times in the last minute"),
        (60, "sv", "2 inlägg den senaste minuten"),
        (600, "nb", "2 innlegg de siste 10 minuttene"),
        (60, "da", "2 indlæg det seneste minut"),
    ],
)
def test_the_limit_names_its_window_in_the_readers_words(
    settings, strict, thread, member, clear_cache, seconds, language, window
):
    from django.utils import translation

    settings.NETWORK_LIMITS = {**settings.NETWORK_LIMITS, "window_seconds": seconds}
    clear_cache.clear()  # the thread's own reply by the member counted in a window
    services.reply(member, thread, "Ett.")
    services.reply(member, thread, "Två.")
    with translation.override(language), pytest.raises(RateLimited) as limited:
        services.reply(member, thread, "Tre.")
    assert window in limited.value.message


def test_moderators_are_not_limited(strict, thread, moderator):
    for n in range(6):
        services.reply(moderator, thread, f"Moderatorns svar {n}")


def test_new_thread_form_says_when_a_limit_is_hit(client, strict, ambassador, category):
    client.force_login(ambassador)
    url = reverse("network:new_thread_category", args=[category.slug])
    data = {"title": "Första tråden", "body": "Hej", "language": "sv"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "title": "Andra tråden"}).status_code == 302
    response = client.post(url, {**data, "title": "Tredje tråden"})
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()


def _count_decoding(monkeypatch):
    """How often Pillow is asked to read an image, from here on."""
    from PIL import Image

    calls = []
    real_open = Image.open

    def counting_open(*args, **kwargs):
        calls.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    return calls


def test_images_are_not_decoded_for_a_reply_over_the_limit(
    client, strict, thread, member, monkeypatch
):
    from tests.network.test_network_attachments import reply_to, upload

    client.force_login(member)
    assert reply_to(client, thread, body="Ett.").status_code == 302
    decoded = _count_decoding(monkeypatch)
    response = reply_to(client, thread, body="Två.", image_1=upload(), alt_1="Bild")
    assert response.status_code == 429
    assert decoded == []


def test_images_are_not_decoded_when_the_thread_is_locked(
    client, thread, member, moderator, monkeypatch
):
    from network import moderation
    from network.models import ModerationAction
    from tests.network.test_network_attachments import reply_to, upload

    moderation.set_thread_state(moderator, thread, ModerationAction.Action.LOCK)
    client.force_login(member)
    decoded = _count_decoding(monkeypatch)
    response = reply_to(client, thread, image_1=upload(), alt_1="Bild")
    assert response.status_code == 403
    assert decoded == []


def test_images_are_not_decoded_for_a_new_thread_over_the_limit(
    client, settings, strict, ambassador, category, monkeypatch
):
    from tests.network.test_network_attachments import upload

    settings.NETWORK_LIMITS = {
        **settings.NETWORK_LIMITS,
        "new_member_posts_per_window": 0,
        "posts_per_window": 0,
    }
    client.force_login(ambassador)
    decoded = _count_decoding(monkeypatch)
    response = client.post(
        reverse("network:new_thread_category", args=[category.slug]),
        {
            "title": "En fråga med bild",
            "body": "Hur gör ni?",
            "language": "sv",
            "image_1": upload(),
            "alt_1": "Bild",
        },
    )
    assert response.status_code == 429
    assert decoded == []


def test_behind_the_proxy_each_client_is_counted_on_its_own(settings, rf):
    """With DELA_TRUSTED_PROXIES=1 (nginx in front) the address is the one nginx saw:
    per-IP limits count each client, and a forged X-Forwarded-For changes nothing."""
    from network.limits import client_ip

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    second = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    forged = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7", **proxy)
    assert client_ip(first) == "198.51.100.7"
    assert client_ip(second) == "203.0.113.9"
    assert client_ip(forged) == "198.51.100.7"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(first) == "127.0.0.1"  # no proxy configured: the peer


def test_the_last_admin_cannot_leave_the_group(
    client, private_group, other_ambassador, group_member, english
):
    from network.models import GroupMembership

    client.force_login(other_ambassador)
    response = client.post(
        reverse("network:leave_group", args=[private_group.slug]), follow=True
    )
    assert "only admin" in response.content.decode()
    assert GroupMembership.objects.filter(
        group=private_group, user=other_ambassador
    ).exists()
    client.force_login(group_member)
    client.post(reverse("network:leave_group", args=[private_group.slug]))
    assert not GroupMembership.objects.filter(
        group=private_group, user=group_member
    ).exists()


def test_parallel_posts_cannot_all_pass_the_limit(strict, member, redis_cache):
    """Check and count are one step (an atomic increment in Redis): of twelve posts
    sent at the same moment by a new member, exactly the allowed two pass."""
    from concurrent.futures import ThreadPoolExecutor

    from network import limits

    limits.check_post(member, "192.0.2.7", "Hej")  # member's roles and profile read

    def attempt(_n):
        try:
            limits.take_post(member, "192.0.2.7", "Hej")
        except RateLimited:
            return False
        return True

    with ThreadPoolExecutor(max_workers=12) as pool:
        passed = list(pool.map(attempt, range(12)))
    assert passed.count(True) == 2


def test_a_post_that_is_not_made_does_not_count(strict, thread):
    newcomer = UserFactory()  # may post twice in the window
    services.reply(newcomer, thread, "Ett.")
    with pytest.raises(Exception, match="same text"):
        services.reply(newcomer, thread, "Ett.")
    services.reply(newcomer, thread, "Två.")  # the refused one gave its place back
    with pytest.raises(RateLimited):
        services.reply(newcomer, thread, "Tre.")
