"""The events app's part of a person's data export (accounts/personal_data.py)."""

from accounts.personal_data import iso, section


@section("event_registrations", ["events.Registration.user"])
def registrations(user):
    from .models import Registration

    return [
        {
            "event": r.event.title,
            "starts": iso(r.event.starts_at),
            "status": r.status,
            "position": r.position,
            "registered_on": iso(r.created_at),
            "cancelled_on": iso(r.cancelled_at),
        }
        for r in Registration.objects.filter(user=user).select_related("event")
    ]


@section("events_as_contact", ["events.EventPage.contact"])
def events_as_contact(user):
    from .models import EventPage

    return [
        {"title": event.title, "url": event.url_path, "live": event.live}
        for event in EventPage.objects.filter(contact=user).order_by("pk")
    ]
