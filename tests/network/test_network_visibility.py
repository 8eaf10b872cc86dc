"""Visibility reaches everywhere: what is hidden, deleted, moved, merged or erased
leaves search, history, short links, notifications and the editors' drafts at once.
(After every test the suite also checks that the search index has no drift.)"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, grant_role, role_group
from network import moderation, services
from network.models import (
    ConsentRecord,
    ModerationAction,
    Notification,
    NotificationPreference,
    Post,
    PostRevision,
    Thread,
    Visibility,
)
from search.backends import SearchRequest, get_fallback_backend
from search.registry import MEMBERS, PUBLIC
from tests.conftest import run_search_indexing
from tests.factories import UserFactory
from tests.network.network_factories import make_thread
from tests.network.test_network_privacy import log_in_again

pytestmark = pytest.mark.django_db


def found(text, audience=(PUBLIC,)):
    """Titles a search for `text` finds, for readers with `audience`."""
    run_search_indexing()
    results = get_fallback_backend().search(
        SearchRequest(text=text, audience=frozenset(audience))
    )
    return [hit.title for hit in results.hits]


def suggested(prefix):
    run_search_indexing()
    return [c.text for c in get_fallback_backend().autocomplete(prefix, {PUBLIC})]


# --- Search follows every change of visibility ----------------------------------------


def test_a_hidden_thread_leaves_search_and_autocomplete(thread, moderator):
    assert thread.title in found("digitala nycklar")
    assert thread.title in suggested("Hur kom ni")
    moderation.set_thread_state(moderator, thread, ModerationAction.Action.HIDE)
    assert found("digitala nycklar") == []
    assert suggested("Hur kom ni") == []
    moderation.set_thread_state(moderator, thread, ModerationAction.Action.UNHIDE)
    assert thread.title in found("digitala nycklar")


def test_a_deleted_reply_leaves_its_threads_document(thread, member):
    assert thread.title in found("Phoniro")
    services.delete_post(member, thread.posts.get(position=2))
    assert found("Phoniro") == []


def test_erasing_with_the_posts_leaves_nothing_findable(client, thread, member):
    assert thread.title in found("Phoniro")
    log_in_again(client, member)
    client.post(reverse("network:erase"), {"posts": "remove", "confirm": "on"})
    assert found("Phoniro") == []


def test_a_place_made_private_takes_its_threads_out_of_public_search(thread, category):
    category.visibility = Visibility.MEMBERS
    category.save()
    assert found("digitala nycklar") == []
    assert thread.title in found("digitala nycklar", (PUBLIC, MEMBERS))


def test_approved_ambassadors_appear_and_revoked_ones_leave(db):
    person = UserFactory(display_name="Zelda Zebrafink")
    grant_role(person, Role.MEMBER)
    assert found("Zebrafink", (PUBLIC, MEMBERS)) == []
    grant_role(person, Role.AMBASSADOR)
    assert found("Zebrafink", (PUBLIC, MEMBERS)) == ["Zelda Zebrafink"]
    person.groups.remove(role_group(Role.AMBASSADOR))  # an editor takes it back
    assert found("Zebrafink", (PUBLIC, MEMBERS)) == []


def test_a_deactivated_account_leaves_the_directory_search(ambassador):
    ambassador.display_name = "Zelda Zebrafink"
    ambassador.save()
    assert found("Zebrafink", (PUBLIC, MEMBERS)) == ["Zelda Zebrafink"]
    # A bulk update, as an administrator's action in the admin does it.
    get_user_model().objects.filter(pk=ambassador.pk).update(is_active=False)
    assert found("Zebrafink", (PUBLIC, MEMBERS)) == []


def test_a_merged_thread_leaves_no_copy_in_search(thread, moderator, other_ambassador):
    source = make_thread(other_ambassador, thread.category, title="Zebrafinkar igen")
    assert "Zebrafinkar igen" in found("Zebrafinkar")
    moderation.merge_threads(moderator, source, thread)
    assert found("Zebrafinkar") == []
    assert found("digitala nycklar") == [thread.title]


# --- Edit history ---------------------------------------------------------------------


@pytest.fixture
def edited(thread, member):
    post = thread.posts.get(position=2)
    services.edit_post(member, post, "Vi använder ett annat system.")
    return Post.objects.get(pk=post.pk)


def test_a_deleted_posts_history_is_gone(client, edited, member, moderator):
    history = reverse("network:post_history", args=[edited.pk])
    assert client.get(history).status_code == 200
    services.delete_post(member, edited)
    assert not PostRevision.objects.filter(post=edited).exists()
    client.force_login(moderator)
    assert client.get(history).status_code == 404


def test_a_hidden_posts_history_is_for_moderators_only(
    client, edited, moderator, member
):
    moderation.set_post_hidden(moderator, edited, True)
    history = reverse("network:post_history", args=[edited.pk])
    assert client.get(history).status_code == 404
    client.force_login(member)
    assert client.get(history).status_code == 404
    client.force_login(moderator)
    assert client.get(history).status_code == 200


def test_authors_remove_their_own_earlier_versions(client, edited, member, moderator):
    revision = edited.revisions.get()
    remove = reverse("network:post_revision_remove", args=[edited.pk, revision.pk])
    client.force_login(moderator)
    assert client.post(remove).status_code == 404
    client.force_login(member)
    history = client.get(reverse("network:post_history", args=[edited.pk]))
    assert remove in history.content.decode()
    response = client.post(remove)
    assert response.status_code == 302
    assert not PostRevision.objects.filter(pk=revision.pk).exists()
    page = client.get(reverse("network:post_history", args=[edited.pk]))
    assert "Phoniro" not in page.content.decode()


def test_erasure_deletes_the_earlier_versions(client, edited, member):
    log_in_again(client, member)
    client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    assert not PostRevision.objects.filter(post=edited).exists()


# --- Short links and private threads --------------------------------------------------


def test_short_links_reveal_nothing_to_those_who_may_not_read(
    client, private_thread, private_group, group_member, member
):
    short = reverse("network:thread_short", args=[private_thread.pk])
    group_short = reverse("network:group_by_pk", args=[private_group.pk])
    missing = reverse("network:thread_short", args=[999999])
    for reader in (None, member):
        if reader:
            client.force_login(reader)
        for url in (short, missing):
            response = client.get(url)
            assert response.status_code == 404, (reader, url)
            assert "Budget" not in response.content.decode()
    client.logout()
    assert client.get(group_short).status_code == 404
    client.force_login(group_member)
    response = client.get(short)
    assert response.status_code == 302
    assert response["Location"] == private_thread.get_absolute_url()


def test_visitors_get_the_same_404_for_a_private_thread_as_for_none(
    client, private_thread
):
    private = client.get(private_thread.get_absolute_url())
    none = client.get("/network/t/999999/nothing/")
    assert private.status_code == none.status_code == 404


def test_a_members_only_thread_sends_visitors_to_log_in(
    client, members_category, other_ambassador
):
    inner = make_thread(other_ambassador, members_category, title="Intern fråga")
    response = client.get(inner.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_merged_threads_address_leads_on_only_for_readers_of_the_target(
    client, private_thread, thread, moderator, group_member, member
):
    moderation.merge_threads(moderator, thread, private_thread)
    old = reverse("network:thread_short", args=[thread.pk])
    client.force_login(member)
    assert client.get(old).status_code == 404
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(group_member)
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == private_thread.get_absolute_url()


# --- Notifications about what is gone -------------------------------------------------


def test_notifications_about_hidden_posts_are_withdrawn(
    client, thread, member, other_ambassador, moderator
):
    reply, _created = services.reply(member, thread, "Ett svar till Karin.")
    notification = Notification.objects.get(recipient=other_ambassador, post=reply)
    client.force_login(other_ambassador)
    count = reverse("network:notification_count")
    before = client.get(count).json()["unread"]
    moderation.set_post_hidden(moderator, reply, True)
    assert client.get(count).json()["unread"] == before - 1
    page = client.get(reverse("network:notifications")).content.decode()
    assert "Ett svar till Karin" not in page
    opened = reverse("network:notification_open", args=[notification.pk])
    assert client.get(opened).status_code == 404
    moderation.set_post_hidden(moderator, reply, False)
    assert client.get(count).json()["unread"] == before


def test_digests_leave_out_withdrawn_notifications(
    thread, member, other_ambassador, moderator, mailoutbox
):
    from network.notifications import send_digests

    preference, _ = NotificationPreference.objects.get_or_create(user=other_ambassador)
    preference.email_mode = NotificationPreference.EmailMode.DAILY
    preference.record_consent(True, "Ja tack.", via="test")
    preference.save()
    Notification.objects.filter(recipient=other_ambassador).update(
        read_on=timezone.now()
    )
    reply, _created = services.reply(member, thread, "Hemligt svar.")
    moderation.set_post_hidden(moderator, reply, True)
    assert send_digests("daily") == 0
    assert mailoutbox == []


# --- Erasure --------------------------------------------------------------------------


def test_erasure_asks_for_the_password_again(client, member):
    client.force_login(member)
    response = client.get(reverse("network:erase"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    assert get_user_model().objects.filter(pk=member.pk).exists()
    log_in_again(client, member)
    assert client.get(reverse("network:erase")).status_code == 200


def test_an_sso_account_needs_a_fresh_login(client, member):
    member.set_unusable_password()
    member.last_login = timezone.now() - timedelta(hours=2)
    member.save()
    client.force_login(member)
    member.last_login = timezone.now() - timedelta(hours=2)
    member.save(update_fields=["last_login"])
    response = client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert get_user_model().objects.filter(pk=member.pk).exists()
    client.force_login(member)  # a fresh login
    get_user_model().objects.filter(pk=member.pk).update(last_login=timezone.now())
    response = client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()


def test_the_moderation_log_keeps_the_action_but_not_the_name(
    client, member, moderator
):
    moderation.suspend(moderator, member, "Spam.", timezone.now() + timedelta(days=1))
    action = ModerationAction.objects.get(target_user=member)
    assert action.summary == member.public_name
    member.delete()
    action.refresh_from_db()
    assert action.target_user is None and action.summary == ""
    client.force_login(moderator)
    log = client.get(reverse("network:moderation_log")).content.decode()
    assert "Maja Medlem" not in log and "Former member" in log


def test_consent_history_is_kept(client, member):
    preference, _ = NotificationPreference.objects.get_or_create(user=member)
    preference.email_mode = NotificationPreference.EmailMode.DAILY
    preference.record_consent(True, "Ja tack.", via="preferences")
    preference.save()
    preference.record_consent(False, via="unsubscribe")
    preference.save()
    history = list(ConsentRecord.objects.filter(user=member))
    assert [(r.given, r.via) for r in history] == [
        (True, "preferences"),
        (False, "unsubscribe"),
    ]
    client.force_login(member)
    data = client.get(reverse("network:my_data")).json()
    assert [c["given"] for c in data["email_preferences"]["consent_history"]] == [
        True,
        False,
    ]


# --- Thread → story -------------------------------------------------------------------


def _solve(thread, answerer, marker):
    answer, _created = services.reply(
        answerer, thread, "**Nattpass** med ombud, se [listan](https://example.org)."
    )
    services.mark_solution(marker, answer)
    return Thread.objects.get(pk=thread.pk)


def test_a_story_draft_is_rich_text_not_markdown(thread, ambassador, other_ambassador):
    from network.stories import story_preview

    solved = _solve(thread, ambassador, other_ambassador)
    preview = story_preview(solved)
    assert "<b>Nattpass</b>" in preview["body_html"]
    assert '<a href="https://example.org">listan</a>' in preview["body_html"]
    assert "**" not in preview["body"] and "](" not in preview["body"]


def test_only_visible_posts_go_into_the_draft(
    thread, ambassador, other_ambassador, moderator
):
    from network.permissions import network_permissions
    from network.stories import story_preview

    solved = _solve(thread, ambassador, other_ambassador)
    moderation.set_post_hidden(moderator, solved.solution, True)
    solved = Thread.objects.get(pk=thread.pk)
    assert not network_permissions.can_turn_into_story(other_ambassador, solved)
    assert "Nattpass" not in story_preview(solved)["body_html"]


def test_threads_that_are_not_public_do_not_become_stories(
    private_group, other_ambassador, group_member
):
    from network.permissions import network_permissions

    grant_role(group_member, Role.AMBASSADOR)
    inner = make_thread(other_ambassador, private_group, title="Budget")
    solved = _solve(inner, group_member, other_ambassador)
    assert solved.solved
    assert not network_permissions.can_turn_into_story(other_ambassador, solved)


# --- Events ---------------------------------------------------------------------------


def test_erasure_gives_the_place_to_the_waiting_list(client, member, mailoutbox):
    from events.models import Registration
    from events.services import register
    from tests.events.event_helpers import make_event

    event = make_event(capacity=1)
    first, _ = register(event, member)
    waiting_person = UserFactory()
    grant_role(waiting_person, Role.MEMBER)
    second, _ = register(event, waiting_person)
    assert second.status == Registration.Status.WAITLISTED
    log_in_again(client, member)
    client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    second.refresh_from_db()
    assert second.status == Registration.Status.REGISTERED
