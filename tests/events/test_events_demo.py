"""The events demo: the index, eight events in sv/nb/da, registrations; idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Revision

from events.demo import EVENTS
from events.models import EventIndexPage, EventPage, Registration
from home.demo import home_page
from tests.conftest import demo_in_language

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_in_english(demo, django_db_blocker):
    """The session's shared demo, its index in English, as the events tests read the
    site (see conftest.py)."""
    with demo_in_language(django_db_blocker, "en"):
        yield


def counts():
    return {
        "events": EventPage.objects.count(),
        "revisions": Revision.objects.count(),
        "registrations": Registration.objects.count(),
        "home sections": len(home_page().sections),
    }


def test_demo_builds_the_events_section(demo):
    index = EventIndexPage.objects.get()
    assert index.url == "/events/" and index.show_in_menus
    assert any(
        block.value["page"] and block.value["page"].pk == index.pk
        for block in home_page().sections
    )
    events = EventPage.objects.child_of(index).live()
    assert events.count() == len(EVENTS) >= 6
    assert set(events.values_list("language", flat=True)) == {"sv", "nb", "da"}
    assert events.upcoming().exists() and events.past().exists()
    assert events.filter(cancelled=True).exists()


def test_demo_kalmar_course_is_full_with_a_waiting_list(demo):
    course = EventPage.objects.get(slug="kurs-digital-vardag-over-65-kalmar")
    assert course.capacity == 12
    assert Registration.objects.filter(event=course).registered().count() == 12
    mine = Registration.objects.get(event=course, user__email="member@dela.example")
    assert mine.waitlist_number() == 2


def test_demo_past_events_have_material_and_stories(demo):
    past = EventPage.objects.past()
    assert any(event.results.exists() for event in past)


def test_demo_pages_render(demo):
    client = Client()
    assert client.get("/events/").status_code == 200
    assert client.get("/events/past/").status_code == 200
    assert client.get("/events/feed.ics").status_code == 200
    for event in EventPage.objects.all():
        assert client.get(event.url).status_code == 200
        assert client.get(f"{event.url}event.ics").status_code == 200


def test_demo_member_sees_their_waiting_list_place(demo, settings):
    settings.LANGUAGE_CODE = "en"
    client = Client()
    client.force_login(
        Registration.objects.get(
            event__slug="kurs-digital-vardag-over-65-kalmar",
            user__email="member@dela.example",
        ).user
    )
    html = client.get("/events/kurs-digital-vardag-over-65-kalmar/").content.decode()
    assert "You are number 2 on the waiting list." in html


def test_demo_runs_again_without_changes(demo):
    before = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == before
