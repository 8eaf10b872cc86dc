"""Flags, the moderation queue, hide/lock/pin/move/merge, suspensions and the audit
log; two moderators acting at once act once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, grant_role
from network import moderation, services
from network.models import Flag, ModerationAction, Notification, Post, Thread
from tests.factories import UserFactory
from tests.network.network_factories import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_moderator(db):
    user = UserFactory(email="mod2@example.org")
    for role in (Role.MEMBER, Role.AMBASSADOR, Role.MODERATOR):
        grant_role(user, role)
    return user


def test_flag_queue_and_hiding(client, thread, ambassador, moderator, member):
    reply = Post.objects.get(thread=thread, position=2)
    client.force_login(ambassador)
    response = client.post(
        reverse("network:post_flag", args=[reply.pk]),
        {"reason": "personal_data", "note": "Telefonnummer <b>i texten</b>"},
    )
    assert response.status_code == 302
    again = client.post(
        reverse("network:post_flag", args=[reply.pk]), {"reason": "spam"}
    )
    assert again.status_code == 302
    assert Flag.objects.filter(post=reply).count() == 1
    bad = client.post(reverse("network:post_flag", args=[reply.pk]), {"reason": "x"})
    assert bad.status_code == 400

    client.force_login(moderator)
    queue = client.get(reverse("network:moderation")).content.decode()
    assert thread.title in queue and "Telefonnummer &lt;b&gt;" in queue
    client.post(
        reverse("network:post_moderate", args=[reply.pk]),
        {"action": "hide", "reason": "Personuppgifter"},
    )
    reply.refresh_from_db()
    assert reply.hidden
    assert Flag.objects.get(post=reply).status == Flag.Status.UPHELD
    assert Notification.objects.filter(recipient=member, kind="moderation").exists()
    log = client.get(reverse("network:moderation_log")).content.decode()
    assert "Personuppgifter" in log

    client.force_login(ambassador)
    assert "Phoniro" not in client.get(thread.get_absolute_url()).content.decode()


def test_two_moderators_hiding_at_once_act_once(thread, moderator, second_moderator):
    reply = Post.objects.get(thread=thread, position=2)
    stale = Post.objects.get(pk=reply.pk)  # what the second moderator's page loaded
    moderation.set_post_hidden(moderator, reply, True, "spam")
    with pytest.raises(moderation.AlreadyDone) as done:
        moderation.set_post_hidden(second_moderator, stale, True, "spam")
    assert "already hidden" in done.value.message
    assert ModerationAction.objects.filter(action="hide").count() == 1


def test_second_moderator_sees_a_clear_message(
    client, thread, moderator, second_moderator
):
    url = reverse("network:thread_moderate", args=[thread.pk])
    client.force_login(moderator)
    client.post(url, {"action": "lock"})
    client.force_login(second_moderator)
    response = client.post(url, {"action": "lock"}, follow=True)
    assert "This thread is already locked." in response.content.decode()
    assert ModerationAction.objects.filter(action="lock").count() == 1
    assert Thread.objects.get(pk=thread.pk).locked


def test_dismissing_a_flag_twice(thread, ambassador, moderator, second_moderator):
    reply = Post.objects.get(thread=thread, position=2)
    moderation.flag(ambassador, reply, "spam")
    flag = Flag.objects.get()
    moderation.dismiss_flag(moderator, flag)
    with pytest.raises(moderation.AlreadyDone):
        moderation.dismiss_flag(second_moderator, flag)


def test_pin_puts_a_thread_first(client, category, other_ambassador, moderator):
    old = make_thread(other_ambassador, category, title="Gammal fråga om regler")
    make_thread(other_ambassador, category, title="Ny fråga om nycklar")
    moderation.set_thread_state(moderator, old, "pin")
    page = client.get(
        reverse("network:category", args=[category.slug])
    ).content.decode()
    assert page.index("Gammal fråga") < page.index("Ny fråga")


def test_hidden_thread_is_gone_for_members_but_not_moderators(
    client, thread, member, moderator
):
    moderation.set_thread_state(moderator, thread, "hide", "Dubblett")
    client.force_login(member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_move_and_merge(
    client, thread, category, public_group, other_ambassador, moderator
):
    client.force_login(moderator)
    response = client.post(
        reverse("network:thread_move", args=[thread.pk]),
        {"place": f"group:{public_group.pk}", "reason": "Hör till Halland"},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    public_group.refresh_from_db()
    category.refresh_from_db()
    assert thread.group == public_group and thread.category is None
    assert (public_group.threads_count, category.threads_count) == (1, 0)

    other = make_thread(
        other_ambassador, category, title="Samma fråga igen", body="Nycklar?"
    )
    response = client.post(
        reverse("network:thread_merge", args=[other.pk]), {"target": str(thread.pk)}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.posts_count == 3
    assert list(thread.posts.values_list("position", flat=True)) == [1, 2, 3]
    assert client.get(other.get_absolute_url()).status_code == 302
    again = client.post(
        reverse("network:thread_merge", args=[other.pk]), {"target": str(thread.pk)}
    )
    assert again.status_code == 302
    assert ModerationAction.objects.filter(action="merge").count() == 1
    bad = client.post(
        reverse("network:thread_merge", args=[thread.pk]), {"target": "x"}
    )
    assert bad.status_code == 400


def test_suspension_stops_writing_until_it_ends(client, thread, member, moderator):
    client.force_login(moderator)
    ends = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("network:suspend", args=[member.pk]),
        {"reason": "Upprepade personangrepp", "ends_on": ends},
    )
    assert response.status_code == 302
    past = client.post(
        reverse("network:suspend", args=[member.pk]),
        {"reason": "x", "ends_on": "2020-01-01"},
    )
    assert past.status_code == 400

    client.force_login(member)
    response = client.post(
        reverse("network:reply", args=[thread.pk]), {"body": "Får jag skriva?"}
    )
    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert "Upprepade personangrepp" in response.content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 200  # may still read

    client.force_login(moderator)
    from network.models import Suspension

    suspension = Suspension.objects.get(user=member)
    client.post(reverse("network:lift_suspension", args=[suspension.pk]))
    client.force_login(member)
    response = client.post(
        reverse("network:reply", args=[thread.pk]), {"body": "Nu går det."}
    )
    assert response.status_code == 302
    actions = list(ModerationAction.objects.values_list("action", flat=True))
    assert set(actions) == {"suspend", "unsuspend"}


def test_members_cannot_moderate(thread, member):
    with pytest.raises(PermissionDenied):
        moderation.set_thread_state(member, thread, "lock")
    with pytest.raises(PermissionDenied):
        services.edit_post(member, thread.posts.get(position=1), "Ändrat")


def test_hiding_a_thread_takes_it_out_of_its_places_counts(category, thread, moderator):
    def counts():
        category.refresh_from_db()
        return category.threads_count, category.posts_count

    before = counts()
    assert before == (1, 2)
    moderation.set_thread_state(moderator, thread, "hide", "Dubblett")
    assert counts() == (0, 0)
    moderation.set_thread_state(moderator, thread, "unhide")
    assert counts() == before
