"""Background work of the events app (run by `manage.py db_worker`): e-mails about
registrations, each in the member's own language."""

from django_tasks import task

from dela.mail import send_to_member
from dela.tasks import PERSON_WAITING


def _send(registration_id, template):
    from .models import Registration

    registration = (
        Registration.objects.select_related("user", "event")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:  # deleted since (the member erased their account)
        return
    user, event = registration.user, registration.event
    send_to_member(
        user,
        f"events/email/{template}",
        lambda: {
            "user": user,
            "event": event,
            "registration": registration,
            "when": event.when,
            "event_url": event.get_full_url(),
            "ics_url": event.get_full_url() + "event.ics",
            "waitlist_number": registration.waitlist_number(),
        },
    )


@task(priority=PERSON_WAITING)
def send_waitlist_promotion(registration_id):
    """Tell a member on the waiting list that a place has become free for them."""
    _send(registration_id, "waitlist_promotion")


@task(priority=PERSON_WAITING)
def send_event_cancelled(registration_id):
    """Tell a registered or waiting member that the event is cancelled, and why."""
    _send(registration_id, "event_cancelled")


@task(priority=PERSON_WAITING)
def send_registration_confirmation(registration_id):
    """Confirm a registration, or a place on the waiting list, with the event's
    details and calendar file."""
    _send(registration_id, "registration_confirmation")
