"""iCalendar: each event's .ics file and the feed of upcoming events, parsed back."""

import datetime

import pytest
from icalendar import Calendar

from events.ical import event_uid
from tests.events.event_helpers import make_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    # RFC 5545 3.1: lines end in CRLF and are at most 75 octets long.
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert body.endswith(b"\r\n")
    body.decode("utf-8")  # folding never splits a character
    return Calendar.from_ical(body)


def test_event_ics_has_the_right_fields(client, index):
    event = make_event(
        title="Digga Hallands nätverksträff",
        timezone="Europe/Oslo",
        starts_at=datetime.datetime(2027, 1, 15, 12, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 1, 15, 14, 0, tzinfo=UTC),
        place="Rådhuset, Halmstad",
    )
    response = client.get(f"{event.url}event.ics")
    assert "attachment" in response["Content-Disposition"]
    calendar = parse(response)
    (item,) = calendar.walk("VEVENT")
    assert str(item["uid"]) == event_uid(event)
    assert str(item["summary"]) == "Digga Hallands nätverksträff"
    assert item.decoded("dtstart") == datetime.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
    assert item.decoded("dtend") == datetime.datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    assert item["dtstart"].params["TZID"] == "Europe/Oslo"
    assert str(item["location"]) == "Rådhuset, Halmstad"
    assert str(item["url"]).endswith(event.url)
    assert str(item["status"]) == "CONFIRMED"
    assert "Vi träffas och delar erfarenheter." in str(item["description"])
    # The zone the TZID names is defined in the file.
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_title_with_commas_semicolons_and_newlines_is_escaped(client, index):
    title = "Träff, workshop; och\nny rad"
    event = make_event(
        title=title,
        summary="Första; andra, tredje\\ och " + "långt " * 40,
        online_url="https://meet.example/x?a=1;b=2",
        place="",
    )
    response = client.get(f"{event.url}event.ics")
    raw = response.content.decode()
    assert "SUMMARY:Träff\\, workshop\\; och\\nny rad" in raw
    (item,) = parse(response).walk("VEVENT")
    assert str(item["summary"]) == title
    assert str(item["description"]).startswith("Första; andra, tredje\\ och långt")
    assert str(item["location"]) == "https://meet.example/x?a=1;b=2"


def test_cancelled_event_has_status_cancelled(client, index):
    event = make_event(cancelled=True, cancellation_reason="Stormen.")
    (item,) = parse(client.get(f"{event.url}event.ics")).walk("VEVENT")
    assert str(item["status"]) == "CANCELLED"
    assert "Stormen." in str(item["description"])


def test_uid_is_stable_when_the_event_changes(client, index):
    event = make_event()
    first = parse(client.get(f"{event.url}event.ics")).walk("VEVENT")[0]["uid"]
    event.title = "Nytt namn"
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()
    second = parse(client.get(f"{event.url}event.ics")).walk("VEVENT")[0]["uid"]
    assert first == second


def test_feed_lists_upcoming_events_only(client, index):
    soon = make_event(title="Snart", starts_in=datetime.timedelta(days=1))
    later = make_event(
        title="Senare", starts_in=datetime.timedelta(days=30), timezone="UTC"
    )
    cancelled = make_event(
        title="Inställd", cancelled=True, cancellation_reason="Ingen lokal."
    )
    make_event(title="Förbi", starts_in=-datetime.timedelta(days=5))
    draft = make_event(title="Utkast")
    draft.unpublish()
    calendar = parse(client.get("/events/feed.ics"))
    items = {str(item["summary"]): item for item in calendar.walk("VEVENT")}
    assert set(items) == {"Snart", "Senare", "Inställd"}
    assert str(items["Inställd"]["status"]) == "CANCELLED"
    uids = {str(item["uid"]) for item in items.values()}
    assert uids == {event_uid(e) for e in (soon, later, cancelled)}
    assert str(calendar["x-wr-calname"]).startswith(index.title)


def test_feed_takes_the_list_filters(client, index):
    make_event(title="Kurs", kind="course")
    make_event(title="Workshop", kind="workshop")
    calendar = parse(client.get("/events/feed.ics?kind=course"))
    assert [str(item["summary"]) for item in calendar.walk("VEVENT")] == ["Kurs"]


def test_empty_feed_is_still_a_calendar(client, index):
    calendar = parse(client.get("/events/feed.ics"))
    assert calendar.walk("VEVENT") == []
