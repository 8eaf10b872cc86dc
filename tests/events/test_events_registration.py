"""Registration for members: capacity, waiting list, cancellation, closing, e-mails."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from events.models import Registration
from events.services import (
    RegistrationRefused,
    cancel_registration,
    fill_free_places,
    register,
)
from tests.events.event_helpers import fill, make_event, member_user, status_counts

pytestmark = pytest.mark.django_db

REGISTERED = Registration.Status.REGISTERED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- Capacity and the waiting list ----------------------------------------------------


def test_registrations_beyond_capacity_go_to_the_waiting_list_in_order(index):
    event = make_event(capacity=2)
    first, second, third, fourth = fill(event, 4)
    assert [r.status for r in (first, second, third, fourth)] == [
        REGISTERED,
        REGISTERED,
        WAITLISTED,
        WAITLISTED,
    ]
    assert third.position < fourth.position
    assert status_counts(event) == {REGISTERED: 2, WAITLISTED: 2, CANCELLED: 0}


def test_unlimited_event_registers_everyone(index):
    event = make_event(capacity=None)
    assert {r.status for r in fill(event, 5)} == {REGISTERED}


def test_member_registers_from_the_page_and_sees_it(member, index):
    event = make_event(capacity=3)
    client = signed_in(member)
    response = client.post(f"{event.url}register/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert Registration.objects.get(event=event, user=member).status == REGISTERED
    assert "You are registered" in html
    assert "2 of 3 places left" in html
    assert "cancel-registration/" in html


def test_full_event_shows_waiting_list_number(member, index):
    event = make_event(capacity=1)
    fill(event, 2)  # one registered, one waiting
    client = signed_in(member)
    response = client.post(f"{event.url}register/", follow=True)
    html = response.content.decode()
    registration = Registration.objects.get(event=event, user=member)
    assert registration.status == WAITLISTED
    assert "number 2 on the waiting list" in html
    assert "You are number 2 on the waiting list." in html


def test_double_submit_does_not_register_twice(member, index):
    event = make_event(capacity=5)
    client = signed_in(member)
    client.post(f"{event.url}register/")
    response = client.post(f"{event.url}register/", follow=True)
    assert Registration.objects.filter(event=event, user=member).count() == 1
    assert "already registered" in response.content.decode()
    # The service is idempotent too.
    registration, created = register(event, member)
    assert not created and registration.status == REGISTERED


def test_database_refuses_two_active_registrations(member, index):
    from django.db import IntegrityError, transaction

    event = make_event()
    register(event, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=member, position=99)


def test_member_may_register_again_after_cancelling(member, index):
    event = make_event(capacity=5)
    registration, _ = register(event, member)
    cancel_registration(registration)
    again, created = register(event, member)
    assert created and again.pk != registration.pk and again.status == REGISTERED


# --- Visitors, methods and CSRF ------------------------------------------------------


def test_visitor_is_sent_to_login(client, index):
    event = make_event()
    response = client.post(f"{event.url}register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert f"next={event.url}" in response["Location"].replace("%2F", "/")
    assert not Registration.objects.exists()
    html = client.get(event.url).content.decode()
    assert "Sign in to register" in html


def test_register_needs_post_and_csrf(member, index):
    event = make_event()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(f"{event.url}register/").status_code == 405
    assert client.post(f"{event.url}register/").status_code == 403
    assert not Registration.objects.exists()


# --- Closed registration -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"cancelled": True, "cancellation_reason": "Sjukdom"}, "cancelled"),
        ({"registration_open": False}, "not open"),
        (
            {"registration_deadline": timezone.now() - datetime.timedelta(hours=1)},
            "Registration closed on",
        ),
        ({"starts_in": -datetime.timedelta(minutes=30)}, "already started"),
        ({"starts_in": -datetime.timedelta(days=3)}, "over"),
    ],
)
def test_closed_registration_is_refused_with_a_clear_message(
    member, index, fields, message
):
    event = make_event(**fields)
    with pytest.raises(RegistrationRefused) as refusal:
        register(event, member)
    assert message in refusal.value.messages[0]
    response = signed_in(member).post(f"{event.url}register/", follow=True)
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_closed_event_page_has_no_register_button(member, index):
    event = make_event(registration_open=False)
    html = signed_in(member).get(event.url).content.decode()
    assert "Registration is not open" in html
    assert "register/" not in html.replace("cancel-registration/", "")


def test_inactive_user_cannot_register(member, index):
    event = make_event()
    client = signed_in(member)
    member.is_active = False
    member.save()
    client.post(f"{event.url}register/")
    assert not Registration.objects.exists()


# --- Cancelling and promotion --------------------------------------------------------


def test_cancelling_promotes_the_first_waiting_and_emails_them_in_their_language(
    index, django_capture_on_commit_callbacks
):
    event = make_event(title="Digital vardag", capacity=1)
    holder = member_user(language="sv")
    first_waiting = member_user(language="nb", email="kari@example.org")
    second_waiting = member_user(language="da")
    register(event, holder)
    register(event, first_waiting)
    register(event, second_waiting)

    client = signed_in(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{event.url}cancel-registration/", follow=True)
    assert "Your registration is cancelled" in response.content.decode()

    statuses = dict(
        Registration.objects.filter(event=event).values_list("user_id", "status")
    )
    assert statuses == {
        holder.pk: CANCELLED,
        first_waiting.pk: REGISTERED,
        second_waiting.pk: WAITLISTED,
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.org"]
    assert "Digital vardag" in message.subject
    # Norwegian: the e-mail is rendered inside translation.override("nb"), so dates
    # are in Norwegian whatever the catalogue holds for the sentences.
    start = event.local_start
    from django.utils import formats, translation

    with translation.override("nb"):
        expected_date = formats.date_format(start, "DATE_FORMAT")
    assert expected_date in message.body
    assert event.get_full_url() in message.body


def test_second_waiting_member_sees_new_number(
    index, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    holder, first, second = fill(event, 3)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(holder)
    html = signed_in(second.user).get(event.url).content.decode()
    assert "You are number 1 on the waiting list." in html


def test_leaving_the_waiting_list_promotes_nobody(
    index, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    holder, first, second = fill(event, 3)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_registration(first)
    assert promoted == []
    assert mail.outbox == []
    second.refresh_from_db()
    assert second.status == WAITLISTED


def test_cancelling_twice_changes_nothing(index, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    holder, waiting = fill(event, 2)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(holder)
        cancel_registration(holder)
    assert status_counts(event) == {REGISTERED: 1, WAITLISTED: 0, CANCELLED: 1}
    assert len(mail.outbox) == 1


def test_member_cannot_cancel_after_start(member, index):
    event = make_event(starts_in=datetime.timedelta(days=1))
    register(event, member)
    event.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    event.save()
    response = signed_in(member).post(f"{event.url}cancel-registration/", follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    assert Registration.objects.get(user=member).status == REGISTERED


def test_cancel_without_registration_says_so(member, index):
    event = make_event()
    response = signed_in(member).post(f"{event.url}cancel-registration/", follow=True)
    assert "no registration to cancel" in response.content.decode()


def test_adding_places_promotes_from_the_waiting_list(
    index, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    fill(event, 3)
    event.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert status_counts(event)[REGISTERED] == 2
    assert len(mail.outbox) == 1
    assert fill_free_places(event) == []


# --- Cancelled events ----------------------------------------------------------------


def test_cancelled_event_notifies_registered_and_waiting_once(
    index, django_capture_on_commit_callbacks
):
    event = make_event(title="Workshop om KI", capacity=1)
    sv_member = member_user(language="sv", email="sv@example.org")
    da_member = member_user(language="da", email="da@example.org")
    gone = member_user(email="gone@example.org")
    register(event, sv_member)
    register(event, da_member)
    cancel_registration(register(event, gone)[0])

    event.cancelled = True
    event.cancellation_reason = "Föreläsaren är sjuk."
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["da@example.org", "sv@example.org"]
    assert all("Workshop om KI" in m.subject for m in mail.outbox)
    assert all("Föreläsaren är sjuk." in m.body for m in mail.outbox)

    # Publishing the cancelled event again (a typo fixed) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert len(mail.outbox) == 2


def test_cancelled_event_shows_notice_and_closes_registration(member, index):
    event = make_event(cancelled=True, cancellation_reason="Inställt p.g.a. storm.")
    html = signed_in(member).get(event.url).content.decode()
    assert 'class="event-notice event-notice--cancelled"' in html
    assert "Inställt p.g.a. storm." in html
    assert "register/" not in html.replace("cancel-registration/", "")


# --- Confirmation e-mails -------------------------------------------------------------


def test_registration_is_confirmed_by_email_in_the_members_language(
    index, django_capture_on_commit_callbacks
):
    event = make_event(title="Nätverksträff i Halmstad", capacity=5)
    da_member = member_user(language="da", email="dansk@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(da_member).post(f"{event.url}register/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dansk@example.org"]
    assert "Nätverksträff i Halmstad" in message.subject
    assert message.subject != "You are registered for Nätverksträff i Halmstad"
    assert f"{event.full_url}event.ics" in message.body
    assert "{{" not in message.body


def test_waiting_list_confirmation_gives_the_number(
    index, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    fill(event, 2)  # one registered, one waiting: outside the capture, no e-mails
    late = member_user(language="en", email="late@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, late)
        register(event, late)  # the same form sent twice: one e-mail
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("You are on the waiting list for")
    assert "waiting list as number 2" in mail.outbox[0].body
