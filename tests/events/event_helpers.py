"""Building events for the tests the way an editor does: pages in the tree."""

import datetime

from django.utils import timezone

from events.models import EventIndexPage, EventPage, Registration
from events.services import register
from home.models import HomePage
from tests.factories import UserFactory

_counter = {"n": 0}


def events_index():
    """The one events index at /events/, created on first use."""
    index = EventIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = EventIndexPage(title="Evenemang", slug="events", intro="Träffar.")
        home.add_child(instance=index)
    return index


def make_event(index=None, *, starts_in=datetime.timedelta(days=7), hours=2, **fields):
    """A published event starting `starts_in` from now (negative: in the past)."""
    index = index or events_index()
    _counter["n"] += 1
    start = timezone.now().replace(microsecond=0) + starts_in
    values = {
        "title": f"Nätverksträff {_counter['n']}",
        "slug": f"natverkstraff-{_counter['n']}",
        "summary": "Vi träffas och delar erfarenheter.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        "place": "Stadsbiblioteket, Halmstad",
    }
    values.update(fields)
    audience = values.pop("audience", None)
    event = EventPage(**values)
    index.add_child(instance=event)
    if audience:
        event.audience.set(audience)
        event.save()
    return event


def member_user(**fields):
    from accounts.roles import Role, grant_role

    user = UserFactory(**fields)
    grant_role(user, Role.MEMBER)
    return user


def fill(event, count, language="sv"):
    """`count` new members registered for the event (waiting list once full)."""
    return [register(event, member_user(language=language))[0] for _ in range(count)]


def status_counts(event):
    return {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in Registration.Status.values
    }
