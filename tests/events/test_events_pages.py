"""The page tree, the event page and the listing as visitors see them."""

import datetime

import pytest
from wagtail.models import Page

from events.models import EventIndexPage, EventMaterial, EventPage, EventResult
from home.models import HomePage, StandardPage
from tests.events.event_helpers import events_index, make_event

pytestmark = pytest.mark.django_db


def test_events_index_lives_under_the_home_page_once(index):
    home = HomePage.objects.get()
    assert EventIndexPage.allowed_parent_page_models() == [HomePage]
    assert not EventIndexPage.can_create_at(home)  # max_count 1: there is one
    assert index.url == "/events/"


def test_events_live_only_under_the_events_index(index):
    assert EventPage.allowed_parent_page_models() == [EventIndexPage]
    assert EventPage.allowed_subpage_models() == []
    assert EventIndexPage.allowed_subpage_models() == [EventPage]
    assert not EventPage.can_create_at(HomePage.objects.get())
    assert EventPage.can_create_at(index)
    assert StandardPage not in EventIndexPage.allowed_subpage_models()


def test_event_page_renders_with_when_where_and_ics_link(client, index):
    event = make_event(title="Digga träff", online_url="https://meet.example/abc")
    response = client.get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Digga träff" in html
    assert "(Swedish time)" in html  # the zone by its name, in the reader's language
    assert f"{event.url}event.ics" in html
    assert "Stadsbiblioteket, Halmstad" in html
    assert "https://meet.example/abc" in html


def test_script_in_fields_renders_inert(client, index):
    event = make_event(
        title="<script>alert(1)</script>",
        summary="<img src=x onerror=alert(1)>",
        place="<b>Rum</b>",
    )
    html = client.get(event.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    listing = client.get("/events/").content.decode()
    assert "<script>alert(1)</script>" not in listing


def _story(title):
    home = HomePage.objects.get()
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), body=[])
    home.add_child(instance=page)
    return page


def test_past_event_keeps_material_and_lists_the_stories_it_produced(client, index):
    material = _story("Guide inför träffen")
    story = _story("Så gick det i Laholm")
    draft = _story("Utkast")
    draft.unpublish()
    event = make_event(starts_in=-datetime.timedelta(days=10))
    EventMaterial.objects.create(event=event, linked_page=material, note="Läs före")
    EventMaterial.objects.create(event=event, linked_page=draft)
    EventResult.objects.create(event=event, linked_page=story, note="Berättelse")
    html = client.get(event.url).content.decode()
    assert "Guide inför träffen" in html and "Läs före" in html
    assert "Så gick det i Laholm" in html
    assert "Utkast" not in html  # unpublished pages are not linked
    assert 'id="results-title"' in html
    # No registration on a past event.
    assert "register/" not in html
    assert 'id="registration-title"' not in html


def test_upcoming_event_does_not_show_results_yet(client, index):
    story = _story("Resultat")
    event = make_event()
    EventResult.objects.create(event=event, linked_page=story)
    assert "Resultat" not in client.get(event.url).content.decode()


def test_reserved_slug_past_is_refused(index):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.slug = "past"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "slug" in error.value.message_dict


def test_listing_is_not_a_catalogue_item(index):
    from taxonomy.models import ClassifiedPage

    make_event()
    assert not issubclass(EventPage, ClassifiedPage)
    assert Page.objects.type(EventPage).count() == 1
    assert events_index().pk == index.pk


def test_api_v2_lists_published_events_with_their_details(client, index):
    from taxonomy.models import TargetGroup

    managers = TargetGroup.objects.get(slug="managers")
    event = make_event(
        title="Workshop om KI", capacity=20, timezone="Europe/Oslo", audience=[managers]
    )
    draft = make_event(title="Utkast")
    draft.unpublish()
    fields = "kind,starts_at,ends_at,timezone,place,capacity,audience,cancelled"

    response = client.get(f"/api/v2/pages/?type=events.EventPage&fields={fields}")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Workshop om KI"]
    item = items[0]
    assert item["timezone"] == "Europe/Oslo"
    assert item["capacity"] == 20
    assert item["place"] == "Stadsbiblioteket, Halmstad"
    assert item["audience"] == [{"slug": "managers", "name": managers.name}]
    assert item["cancelled"] is False
    # The same moment, whatever the zone it is written in (the API writes the
    # site's local time; a date compared across zones fails late in the evening).
    assert datetime.datetime.fromisoformat(item["starts_at"]) == event.starts_at
    assert "registrations" not in item
