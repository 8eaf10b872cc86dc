"""The events list: order, filters, past events, and a constant number of queries."""

import datetime

import pytest
from django.test import Client

from events.services import register
from taxonomy.models import TargetGroup
from tests.events.event_helpers import fill, make_event, member_user
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def titles(response, section="upcoming"):
    """Event titles in a section of the list page, in order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    if section == "page":
        scope = soup
    else:
        scope = soup.find(id=f"{section}-title").parent
    return [h.get_text(strip=True) for h in scope.select(".event-card__title")]


def test_upcoming_soonest_first_then_past_most_recent_first(client, index):
    make_event(title="Om en månad", starts_in=30 * DAY)
    make_event(title="I morgon", starts_in=DAY)
    make_event(title="Förra veckan", starts_in=-7 * DAY)
    make_event(title="Förra månaden", starts_in=-30 * DAY)
    make_event(title="Pågår nu", starts_in=-datetime.timedelta(hours=1), hours=3)
    response = client.get("/events/")
    assert response.status_code == 200
    assert titles(response) == ["Pågår nu", "I morgon", "Om en månad"]
    assert titles(response, "past") == ["Förra veckan", "Förra månaden"]


def test_past_events_have_their_own_paginated_list(client, index):
    for day in range(1, 14):
        make_event(title=f"Förbi {day:02d}", starts_in=-day * DAY)
    first = client.get("/events/past/")
    assert titles(first, "page")[:2] == ["Förbi 01", "Förbi 02"]
    assert len(titles(first, "page")) == 10
    second = client.get("/events/past/?page=2")
    assert titles(second, "page") == ["Förbi 11", "Förbi 12", "Förbi 13"]
    # The index shows only the most recent ones and links to the rest.
    index_html = client.get("/events/").content.decode()
    assert "/events/past/" in index_html
    assert client.get("/events/past/?page=abc").status_code == 200


def test_filters_by_kind_country_municipality_and_attendance(client, index):
    halmstad = MunicipalityFactory(name="Halmstad", country__code="SE")
    oslo = MunicipalityFactory(name="Oslo", official_code="0301", country__code="NO")
    make_event(title="Träff", kind="network-meeting", organiser=halmstad)
    make_event(
        title="Workshop",
        kind="workshop",
        organiser=oslo,
        place="",
        online_url="https://meet.example/ks",
    )
    make_event(
        title="Kurs", kind="course", organiser=halmstad, online_url="https://x.example/"
    )

    assert titles(client.get("/events/?kind=workshop")) == ["Workshop"]
    assert titles(client.get("/events/?country=NO")) == ["Workshop"]
    assert sorted(titles(client.get(f"/events/?municipality={halmstad.slug}"))) == [
        "Kurs",
        "Träff",
    ]
    assert sorted(titles(client.get("/events/?attendance=online"))) == [
        "Kurs",
        "Workshop",
    ]
    on_site = titles(client.get("/events/?attendance=on-site"))
    assert sorted(on_site) == ["Kurs", "Träff"]
    assert titles(client.get("/events/?kind=course&country=SE")) == ["Kurs"]


def test_unknown_filter_values_are_reported_and_ignored(client, index):
    make_event(title="Träff")
    response = client.get("/events/?kind=party&country=XX")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert titles(response) == ["Träff"]


def test_filter_form_has_labels(client, index):
    make_event()
    html = client.get("/events/").content.decode()
    for name in ("kind", "country", "municipality", "attendance"):
        assert f'<label for="id_{name}">' in html


def test_places_left_and_full_shown_in_the_list(client, index):
    make_event(title="Kvar", capacity=3)
    full = make_event(title="Fullt", capacity=1)
    fill(full, 2)
    html = client.get("/events/").content.decode()
    assert "3 places left" in html
    assert "Full: waiting list open" in html


def _build(count):
    target = TargetGroup.objects.first()
    for number in range(count):
        event = make_event(
            title=f"Upcoming {number}",
            capacity=5,
            organiser=MunicipalityFactory(),
            starts_in=(number + 1) * DAY,
            audience=[target] if target else None,
        )
        register(event, member_user())
        make_event(title=f"Past {number}", starts_in=-(number + 1) * DAY)


@pytest.mark.parametrize("url", ["/events/", "/events/past/", "/events/feed.ics"])
def test_listing_queries_do_not_grow_with_events(client, index, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(url)  # warm the site and content type caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    _build(3)
    few = count()
    _build(12)
    many = count()
    assert many == few, (few, many)


def test_event_page_queries_do_not_grow_with_registrations(index, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = make_event(capacity=100)
    client = Client()
    client.force_login(editor)

    def count():
        client.get(event.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event.url).status_code == 200
        return len(queries.captured_queries)

    fill(event, 3)
    few = count()
    fill(event, 12)
    many = count()
    assert many == few, (few, many)
