"""A municipality's page: its ambassadors (as the directory lists them, and only
those whose profile the reader may see), published stories, upcoming events, paths
and its competence picture (only over at least five people), a fixed number of
queries; and the link to it wherever the municipality's name is shown."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role, grant_role
from competence import services
from home.models import HomePage
from network.services import profile_of
from stories.models import StoryIndexPage
from taxonomy.models import Competence
from tests.competence.competence_helpers import make_path
from tests.events.event_helpers import events_index, make_event
from tests.factories import MunicipalityFactory, UserFactory
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    index = StoryIndexPage(title="Berättelser", slug="stories")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    return index


def ambassador_of(place, name, visibility="public"):
    user = UserFactory(display_name=name, municipality=place)
    grant_role(user, Role.AMBASSADOR)
    profile = profile_of(user)
    profile.visibility = visibility
    profile.save()
    return user


def assessed(place, level):
    user = UserFactory(municipality=place)
    grant_role(user, Role.MEMBER)
    services.save_ratings(user, {c: level for c in Competence.objects.all()})
    services.finish(user)
    return user


def page(client, place):
    response = client.get(f"/municipalities/{place.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_municipalitys_people_and_pages(
    client, halmstad, stories, english
):
    other = MunicipalityFactory(name="Kalmar", official_code="0880", country__code="SE")
    ambassador_of(halmstad, "Anna Ombud")
    ambassador_of(halmstad, "Bo Medlemsprofil", visibility="members")
    ambassador_of(other, "Kalle Kalmar")
    member = UserFactory(display_name="Mia Medlem", municipality=halmstad)
    grant_role(member, Role.MEMBER)
    publish_story(stories, "Digitala nycklar i Halmstad", municipalities=[halmstad])
    publish_story(stories, "Kalmars kurs", municipalities=[other])
    events_index()
    make_event(title="Träff i Halmstad", organiser=halmstad)
    make_event(
        title="Förra årets träff",
        organiser=halmstad,
        starts_in=-datetime.timedelta(days=300),
    )
    entry_event = make_event(title="Träff i Kalmar", organiser=other)
    make_path("Halmstads lärväg", [entry_event], municipalities=[halmstad])

    html = page(client, halmstad)
    assert "<h1>Halmstad</h1>" in html
    assert "Anna Ombud" in html
    assert "Bo Medlemsprofil" not in html  # members-only profile, visitor reading
    assert "Mia Medlem" not in html  # not in the directory
    assert "Kalle Kalmar" not in html
    assert "Digitala nycklar i Halmstad" in html and "Kalmars kurs" not in html
    assert "Träff i Halmstad" in html
    assert "Förra årets träff" not in html and "Träff i Kalmar" not in html
    assert "Halmstads lärväg" in html

    client.force_login(member)
    assert "Bo Medlemsprofil" in page(client, halmstad)


def test_competence_picture_only_over_five_people(client, halmstad, english):
    for _n in range(4):
        assessed(halmstad, 3)
    html = page(client, halmstad)
    table = html.split('id="competence"')[1]
    assert "fewer than 5" in table
    assert "3.0" not in table
    assessed(halmstad, 3)
    table = page(client, halmstad).split('id="competence"')[1]
    assert "fewer than 5" not in table
    assert "3.0" in table


def test_unknown_municipality_is_404(client, db):
    assert client.get("/municipalities/ingenstans/").status_code == 404


def test_queries_do_not_grow_with_people_and_pages(client, halmstad, stories):
    events_index()
    ambassador_of(halmstad, "Första")
    publish_story(stories, "Första berättelsen", municipalities=[halmstad])
    make_event(title="Första träffen", organiser=halmstad)
    page(client, halmstad)
    with CaptureQueriesContext(connection) as few:
        page(client, halmstad)
    for number in range(4):
        ambassador_of(halmstad, f"Fler {number}")
        publish_story(stories, f"Berättelse {number}", municipalities=[halmstad])
        make_event(title=f"Träff {number}", organiser=halmstad)
        assessed(halmstad, 4)
    page(client, halmstad)  # caches forgotten by the saves above are filled again
    with CaptureQueriesContext(connection) as many:
        html = page(client, halmstad)
    assert "Fler 3" in html and "Berättelse 3" in html and "Träff 3" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_municipality_link_tag(halmstad):
    template = Template("{% load municipality_tags %}{% municipality_link m %}")
    html = template.render(Context({"m": halmstad}))
    assert html == f'<a href="/municipalities/{halmstad.slug}/">Halmstad</a>'
    assert template.render(Context({"m": None})) == ""
