"""Times in the event's own zone, and what the editing form refuses.

Editors enter the wall time of the place (13:00 in Oslo); the database holds UTC and
the page shows the event's zone, whatever zone the editor or visitor is in.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage
from events.times import wall_time_to_utc
from tests.events.event_helpers import make_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


# --- Conversion -------------------------------------------------------------------


def test_oslo_13_is_12_utc_in_winter_and_11_utc_in_summer():
    winter = wall_time_to_utc(datetime.datetime(2026, 1, 15, 13, 0), "Europe/Oslo")
    summer = wall_time_to_utc(datetime.datetime(2026, 7, 15, 13, 0), "Europe/Oslo")
    assert winter == datetime.datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert summer == datetime.datetime(2026, 7, 15, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "utc_hour"),
    [
        ("Europe/Stockholm", 11),
        ("Europe/Copenhagen", 11),
        ("Europe/Helsinki", 10),
        ("Atlantic/Reykjavik", 13),
        ("UTC", 13),
    ],
)
def test_each_zone_in_summer(zone, utc_hour):
    utc = wall_time_to_utc(datetime.datetime(2026, 6, 1, 13, 0), zone)
    assert utc.hour == utc_hour


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(ValueError):
        wall_time_to_utc(datetime.datetime(2026, 3, 29, 2, 30), "Europe/Stockholm")


def test_display_in_the_events_zone_with_its_name(index):
    event = make_event(
        timezone="Europe/Stockholm",
        starts_at=datetime.datetime(2026, 5, 14, 11, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 5, 14, 13, 30, tzinfo=UTC),
    )
    with translation.override("sv"):
        assert event.when == "14 maj 2026 13:00–15:30 (svensk tid)"
    # The visitor's own zone does not matter.
    with timezone.override(ZoneInfo("Atlantic/Reykjavik")), translation.override("sv"):
        assert event.when == "14 maj 2026 13:00–15:30 (svensk tid)"


def test_multi_day_event_shows_both_dates(index):
    event = make_event(
        timezone="Europe/Copenhagen",
        starts_at=datetime.datetime(2026, 9, 1, 7, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 9, 2, 14, 0, tzinfo=UTC),
    )
    with translation.override("da"):
        assert event.when == (
            "1. september 2026 09:00 – 2. september 2026 16:00 (dansk tid)"
        )


# --- The admin form ---------------------------------------------------------------


def event_form_data(**overrides):
    data = {
        "title": "Workshop om digital kompetanse",
        "slug": "workshop-digital-kompetanse",
        "kind": "workshop",
        "language": "nb",
        "summary": "Vi jobber med kompetanseplattformen.",
        "timezone": "Europe/Oslo",
        "starts_at": "2027-01-15 13:00",
        "ends_at": "2027-01-15 15:00",
        "place": "",
        "online_url": "https://meet.example/ks",
        "organiser": "",
        "organiser_name": "KS",
        "contact": "",
        "description": streamfield([]),
        "materials": inline_formset([]),
        "capacity": "20",
        "registration_open": "on",
        "registration_deadline": "",
        "cancellation_reason": "",
        "results": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def post_new_event(client, index, **overrides):
    return client.post(
        f"/admin/pages/add/events/eventpage/{index.pk}/", event_form_data(**overrides)
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_admin_stores_oslo_wall_time_as_utc(editor_client, index):
    response = post_new_event(editor_client, index)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="workshop-digital-kompetanse")
    assert event.live
    assert event.starts_at == datetime.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2027, 1, 15, 14, 0, tzinfo=UTC)


def test_admin_summer_time_and_deadline(editor_client, index):
    response = post_new_event(
        editor_client,
        index,
        starts_at="2027-07-15 13:00",
        ends_at="2027-07-15 15:00",
        registration_deadline="2027-07-10 12:00",
    )
    assert response.status_code == 302
    event = EventPage.objects.get()
    assert event.starts_at == datetime.datetime(2027, 7, 15, 11, 0, tzinfo=UTC)
    assert event.registration_deadline == datetime.datetime(
        2027, 7, 10, 10, 0, tzinfo=UTC
    )


def test_admin_edit_form_shows_the_wall_time_again(editor_client, index):
    post_new_event(editor_client, index)
    event = EventPage.objects.get()
    html = editor_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'value="2027-01-15 13:00"' in html
    # Saving again without changes keeps the instant.
    response = editor_client.post(f"/admin/pages/{event.pk}/edit/", event_form_data())
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_at == datetime.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


def _errors(response):
    assert response.status_code == 200
    return response.context["form"].errors


def test_admin_refuses_end_before_start(editor_client, index):
    errors = _errors(post_new_event(editor_client, index, ends_at="2027-01-15 12:00"))
    assert errors["ends_at"] == ["The event must end after it starts."]
    assert not EventPage.objects.exists()


def test_admin_refuses_neither_place_nor_link(editor_client, index):
    errors = _errors(post_new_event(editor_client, index, online_url="", place=" "))
    assert "Give a place, an online meeting link or both." in errors["place"]


def test_admin_refuses_a_link_that_is_not_https(editor_client, index):
    errors = _errors(
        post_new_event(editor_client, index, online_url="http://meet.example/x")
    )
    assert errors["online_url"] == ["Enter a secure link that starts with https://."]
    errors = _errors(post_new_event(editor_client, index, online_url="javascript:x"))
    assert "online_url" in errors


def test_admin_refuses_a_nonexistent_local_time(editor_client, index):
    errors = _errors(
        post_new_event(
            editor_client,
            index,
            timezone="Europe/Stockholm",
            starts_at="2027-03-28 02:30",
            ends_at="2027-03-28 05:00",
        )
    )
    assert "does not exist in Europe/Stockholm" in errors["starts_at"][0]


def test_admin_refuses_cancelled_without_reason_and_late_deadline(editor_client, index):
    errors = _errors(
        post_new_event(
            editor_client,
            index,
            cancelled="on",
            registration_deadline="2027-01-16 12:00",
        )
    )
    assert "cancellation_reason" in errors
    assert "registration_deadline" in errors


def test_admin_refuses_a_10000_character_title_and_zero_places(editor_client, index):
    errors = _errors(
        post_new_event(editor_client, index, title="x" * 10_000, capacity="0")
    )
    assert "title" in errors
    assert "capacity" in errors
    assert not EventPage.objects.exists()


def test_model_validation_without_the_form(index):
    event = make_event()
    event.ends_at = event.starts_at - datetime.timedelta(hours=1)
    event.place = ""
    event.online_url = ""
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert set(error.value.message_dict) >= {"ends_at", "place"}


def test_admin_preview_of_a_new_event_renders(editor_client, index):
    from home.models import HomePage

    url = f"/admin/pages/add/events/eventpage/{index.pk}/preview/"
    material = HomePage.objects.get()
    data = event_form_data(
        materials=inline_formset([{"linked_page": str(material.pk), "note": "Läs"}])
    )
    response = editor_client.post(url, data)
    assert response.json()["is_valid"]
    preview = editor_client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Workshop om digital kompetanse" in html
    assert "(Norwegian time)" in html
    assert "Läs" in html  # the unsaved material link is shown too
