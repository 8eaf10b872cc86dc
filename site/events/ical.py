"""Events as iCalendar (RFC 5545): one event's .ics file and the feed of upcoming ones.

The icalendar library does the escaping of commas, semicolons and line breaks, the
folding of long lines at 75 octets and the VTIMEZONE definitions; this module only
decides what goes in. Times carry the event's own zone (TZID), so a calendar shows a
meeting in Oslo at 13:00 Oslo time.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODUCT_ID = "-//Dela//Events//EN"


def event_uid(event):
    """Stable for the life of the event, whatever its title, slug or dates become."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "dela"
    return f"event-{event.pk}@{host}"


def _description(event, url):
    parts = [event.summary.strip()]
    if event.cancelled and event.cancellation_reason:
        parts.append(event.cancellation_reason.strip())
    if event.online_url:
        parts.append(event.online_url)
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def _vevent(event, url, stamp):
    item = Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", stamp)
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    item.add("summary", event.title)
    item.add("description", _description(event, url))
    if event.is_on_site:
        item.add("location", event.place.strip())
    elif event.online_url:
        item.add("location", event.online_url)
    item.add("url", url)
    if event.last_published_at:
        item.add("last-modified", event.last_published_at)
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return item


def calendar_for(events, request, name=None):
    """An iCalendar document (bytes) with one VEVENT per event."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event, event.get_full_url(request), stamp))
    if events:
        # Zone definitions that cover every event (with a year's margin) but do not
        # list every daylight-saving change since 1970.
        margin = datetime.timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=min(event.local_start for event in events).date() - margin,
            last_date=max(event.local_end for event in events).date() + margin,
        )
    return calendar.to_ical()
