"""Registering for events, cancelling, and the waiting list.

Every change to an event's registrations happens inside a transaction that first
locks the event's row (SELECT ... FOR UPDATE on PostgreSQL). Two members pressing
"Register" for the last place at the same moment are therefore served one after the
other: the second sees the first's registration and goes on the waiting list, so the
number registered never exceeds the places. SQLite has no row locks, but Dela runs it
with IMMEDIATE transactions, which take the database's write lock when the
transaction begins: the same one-after-the-other order, for the whole database.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from dela.tasks import enqueue_with_change

from .models import CancellationNotice, EventPage, Registration
from .tasks import (
    send_event_cancelled,
    send_registration_confirmation,
    send_waitlist_promotion,
)


class RegistrationRefused(ValidationError):
    """The event does not take registrations now; the message says why."""


def _lock_event(event):
    """The event's row, locked until the end of the transaction."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _registered_count(event):
    return Registration.objects.filter(event=event).registered().count()


def register(event, user):
    """Register `user` for `event`, or put them on its waiting list when it is full.

    Returns (registration, created). Registering again while registered or waiting
    returns the existing registration: a form sent twice does not register twice.
    Raises RegistrationRefused when the event is closed for registration.
    """
    try:
        with transaction.atomic():
            locked = _lock_event(event)
            existing = (
                Registration.objects.active().filter(event=locked, user=user).first()
            )
            if existing is not None:
                return existing, False
            reason = locked.registration_closed_reason()
            if reason is not None:
                raise RegistrationRefused(reason)
            full = (
                locked.capacity is not None
                and _registered_count(locked) >= locked.capacity
            )
            last = Registration.objects.filter(event=locked).aggregate(
                last=Max("position")
            )["last"]
            registration = Registration.objects.create(
                event=locked,
                user=user,
                status=(
                    Registration.Status.WAITLISTED
                    if full
                    else Registration.Status.REGISTERED
                ),
                position=(last or 0) + 1,
            )
            enqueue_with_change(send_registration_confirmation, registration.pk)
            return registration, True
    except IntegrityError:
        # Only reachable without the row lock (a database that ignores it and allows
        # concurrent writers): the unique constraint still refuses a second active
        # registration, and the member gets the one that won.
        existing = Registration.objects.active().filter(event=event, user=user).first()
        if existing is None:
            raise
        return existing, False


def cancel_registration(registration):
    """Cancel a registration; the first on the waiting list takes the freed place.

    Returns the registrations promoted from the waiting list (each is told by e-mail
    once the transaction has committed). Cancelling twice changes nothing.
    """
    with transaction.atomic():
        locked_event = _lock_event(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            return []
        freed_a_place = current.status == Registration.Status.REGISTERED
        current.status = Registration.Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at", "updated_at"])
        registration.status, registration.cancelled_at = (
            current.status,
            current.cancelled_at,
        )
        promoted = _fill_free_places(locked_event) if freed_a_place else []
    return promoted


def fill_free_places(event):
    """Move people from the waiting list into free places (after an editor adds
    places). Returns the promoted registrations."""
    with transaction.atomic():
        return _fill_free_places(_lock_event(event))


def _fill_free_places(locked_event):
    """Promote the first on the waiting list while places are free; the event row
    must be locked by the caller."""
    if locked_event.cancelled or locked_event.has_started():
        return []
    waiting = Registration.objects.filter(event=locked_event).waitlisted()
    if locked_event.capacity is not None:
        free = locked_event.capacity - _registered_count(locked_event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        enqueue_with_change(send_waitlist_promotion, registration.pk)
    return promoted


def notify_cancelled_event(event):
    """E-mail everyone registered or waiting that the event is cancelled, once.

    Called when a cancelled event is published; publishing it again sends nothing.
    Returns the number of people told.
    """
    with transaction.atomic():
        locked = _lock_event(event)
        _notice, created = CancellationNotice.objects.get_or_create(event=locked)
        if not created:
            return 0
        pks = list(
            Registration.objects.filter(event=locked)
            .active()
            .values_list("pk", flat=True)
        )
        for pk in pks:
            enqueue_with_change(send_event_cancelled, pk)
    return len(pks)


def forget_cancellation(event):
    """The event was published again without being cancelled: a later cancellation
    must be announced anew."""
    CancellationNotice.objects.filter(event=event).delete()
