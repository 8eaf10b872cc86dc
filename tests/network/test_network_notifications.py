"""Notifications in the site and by e-mail: per notification, daily and weekly
digests, each in the member's language, with an unsubscribe link that works without
logging in; nothing is e-mailed without the member's recorded consent."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from network import services
from network.models import Notification, NotificationPreference, Subscription
from network.notifications import send_digests

pytestmark = pytest.mark.django_db


def _opt_in(client, user, mode, language="sv"):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.post(
        reverse("network:preferences"), {"email_mode": mode, "consent": "on"}
    )
    assert response.status_code == 302
    client.logout()


def test_a_reply_notifies_the_thread_author_in_app(
    client, thread, member, other_ambassador
):
    services.reply(member, thread, "Ett till svar.")  # the fixture replied once
    notification = Notification.objects.filter(recipient=other_ambassador).first()
    assert notification.kind == Notification.Kind.REPLY
    client.force_login(other_ambassador)
    assert client.get(reverse("network:notification_count")).json() == {
        "unread": 2,
        "label": "2 new notifications",
    }
    page = client.get(reverse("network:notifications")).content.decode()
    assert "replied in" in page and thread.title in page
    response = client.get(reverse("network:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_on is not None
    client.post(reverse("network:notifications"))
    assert client.get(reverse("network:notification_count")).json()["unread"] == 0


def test_watchers_of_category_and_tag_hear_of_new_threads(
    category, ambassador, member, other_ambassador
):
    from taggit.models import Tag

    services.set_watch(member, "category", category, True)
    tag = Tag.objects.create(name="AI", slug="ai")
    services.set_watch(ambassador, "tag", tag, True)
    services.start_thread(
        other_ambassador, category, "AI i kommunen", "Vad gör ni?", tags=["AI"]
    )
    assert Notification.objects.filter(recipient=member, kind="reply").count() == 1
    assert Notification.objects.filter(recipient=ambassador, kind="reply").count() == 1
    assert not Notification.objects.filter(recipient=other_ambassador).exists()


def test_no_email_without_consent(thread, member, other_ambassador):
    NotificationPreference.objects.create(user=other_ambassador, email_mode="each")
    services.reply(member, thread, "Hej!")
    assert mail.outbox == []


def test_each_notification_by_email_in_the_recipients_language(
    client, thread, member, other_ambassador, monkeypatch
):
    from django.utils import translation

    from network import notifications

    languages = []
    describe = notifications.describe

    def spy(notification):
        languages.append(translation.get_language())
        return describe(notification)

    monkeypatch.setattr(notifications, "describe", spy)
    _opt_in(client, other_ambassador, "each", language="en")
    preference = NotificationPreference.objects.get(user=other_ambassador)
    assert preference.consent_on is not None and preference.consent_text
    services.reply(member, thread, "Svar med e-post.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [other_ambassador.email]
    assert "replied in" in message.subject
    assert "/network/p/" in message.body
    link = re.search(r"http://\S+/network/unsubscribe/\S+/", message.body).group(0)

    _opt_in(client, other_ambassador, "each", language="sv")
    services.reply(member, thread, "Ett svar till.")
    assert len(mail.outbox) == 2
    assert languages[0] == "en" and languages[-1] == "sv"

    # Unsubscribing works without logging in; GET changes nothing.
    path = link.split("8000", 1)[-1] if "8000" in link else link
    path = "/" + path.split("/", 3)[-1] if path.startswith("http") else path
    assert client.get(path).status_code == 200
    assert (
        NotificationPreference.objects.get(user=other_ambassador).email_mode == "each"
    )
    assert client.post(path).status_code == 200
    preference.refresh_from_db()
    assert preference.email_mode == "never" and preference.consent_on is None
    services.reply(member, thread, "Tredje svaret.")
    assert len(mail.outbox) == 2


def test_tampered_unsubscribe_link_is_refused(client, other_ambassador):
    from network.notifications import preference_of, unsubscribe_token

    token = unsubscribe_token(preference_of(other_ambassador))
    response = client.post(reverse("network:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 404


def test_daily_and_weekly_digests(client, thread, member, ambassador, other_ambassador):
    _opt_in(client, other_ambassador, "daily", language="en")
    _opt_in(client, ambassador, "weekly", language="sv")
    services.set_watch(ambassador, "thread", thread, True)
    services.reply(member, thread, "Första.")
    services.reply(member, thread, "Andra.")
    assert mail.outbox == []  # digests only

    assert send_digests("daily") == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [other_ambassador.email]
    # The fixture's reply and these two.
    assert "3 new notifications" in digest.subject
    assert digest.body.count("/network/p/") == 3
    assert "/network/unsubscribe/" in digest.body
    assert send_digests("daily") == 0  # nothing new: nothing sent twice

    call_command("send_network_digests", "weekly", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [ambassador.email]
    assert mail.outbox[1].body.count("/network/p/") == 2


def test_muted_kinds_are_left_out(client, thread, member, other_ambassador):
    other_ambassador.language = "en"
    other_ambassador.save()
    client.force_login(other_ambassador)
    client.post(
        reverse("network:preferences"),
        {"email_mode": "each", "consent": "on", "muted": ["reply"]},
    )
    services.reply(member, thread, "Tyst svar.")
    assert mail.outbox == []
    assert Notification.objects.filter(
        recipient=other_ambassador, kind="reply"
    ).exists()


def test_choosing_email_without_consent_is_refused(client, member):
    client.force_login(member)
    response = client.post(reverse("network:preferences"), {"email_mode": "daily"})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert not NotificationPreference.objects.filter(
        user=member, email_mode="daily"
    ).exists()


def test_reactions_and_solutions_notify(thread, member, other_ambassador):
    reply = thread.posts.get(position=2)
    services.toggle_reaction(other_ambassador, reply, "thanks")
    services.mark_solution(other_ambassador, reply)
    kinds = set(
        Notification.objects.filter(recipient=member).values_list("kind", flat=True)
    )
    assert kinds == {"reaction", "solution"}


def test_notify_task_runs_after_commit(
    thread, member, other_ambassador, monkeypatch, django_capture_on_commit_callbacks
):
    """The real path with the tests' immediate backend: the task is enqueued when
    the reply's transaction commits (tests/dela/test_tasks.py: the database backend)."""
    from dela.tasks import enqueue_with_change

    monkeypatch.setattr(services, "enqueue_with_change", enqueue_with_change)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.reply(member, thread, "Efter commit.")
        assert not Notification.objects.exists()
    assert len(callbacks) >= 1
    assert Notification.objects.filter(recipient=other_ambassador).count() == 1


def test_old_notifications_are_not_digested_twice_after_reading(
    client, thread, member, other_ambassador
):
    _opt_in(client, other_ambassador, "weekly", language="en")
    services.reply(member, thread, "Läst redan.")
    Notification.objects.filter(recipient=other_ambassador).update(
        read_on=timezone.now() - timedelta(minutes=1)
    )
    assert send_digests("weekly") == 0
    assert Subscription.objects.filter(user=member, thread=thread).exists()


def test_the_notification_task_run_again_tells_nobody_twice(
    thread, member, other_ambassador
):
    """The worker runs a task again when the database failed under it."""
    from network.tasks import notify_new_post

    post, _created = services.reply(member, thread, "Två gånger?")
    assert Notification.objects.filter(post=post).count() == 1
    notify_new_post.call(post.pk)
    assert Notification.objects.filter(post=post).count() == 1


def test_a_new_thread_where_someone_follows_is_announced_as_a_new_thread(
    client, category, member, other_ambassador, english
):
    from network.models import Subscription
    from tests.network.network_factories import make_thread

    Subscription.objects.create(
        user=member, kind=Subscription.Kind.CATEGORY, category=category
    )
    thread = make_thread(other_ambassador, category, title="Digitala nycklar i Laholm")
    client.force_login(member)
    page = client.get(reverse("network:notifications")).content.decode()
    assert "started a new thread" in page and thread.title in page
    assert "replied in" not in page
