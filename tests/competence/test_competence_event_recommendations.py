"""Events in the recommendations: an upcoming event tagged with a gap competence is
offered on the result page; past, cancelled, draft and untagged ones are not."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competence import recommendations, services
from taxonomy.models import Competence
from tests.events.event_helpers import events_index, make_event

pytestmark = pytest.mark.django_db


def assess(user, gaps):
    services.save_ratings(
        user, {c: 1 if c.code in gaps else 5 for c in Competence.objects.all()}
    )
    return services.finish(user)


def tagged_event(title, codes, **fields):
    event = make_event(title=title, slug=title.lower().replace(" ", "-"), **fields)
    event.competences.set(Competence.objects.filter(code__in=codes))
    event.save()  # a ParentalManyToManyField is written when the page is saved
    return event


def result(client, user, assessment):
    client.force_login(user)
    response = client.get(f"/competence/assessment/{assessment.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_upcoming_events_for_the_gaps_are_recommended(client, member, english):
    events_index()
    match = tagged_event("Integritet i praktiken", ["4.2"])
    tagged_event("Filmverkstad", ["3.1"])
    tagged_event("Integritet i fjol", ["4.2"], starts_in=-datetime.timedelta(days=30))
    tagged_event(
        "Inställd integritetsträff",
        ["4.2"],
        cancelled=True,
        cancellation_reason="Sjukdom.",
    )
    tagged_event("Utkast om integritet", ["4.2"], live=False)
    html = result(client, member, assess(member, gaps=("4.2",)))
    section = html.split('id="recommended-events"')[1]
    assert match.title in section
    assert match.url in section
    assert "4.2" in section
    for absent in (
        "Filmverkstad",
        "Integritet i fjol",
        "Inställd integritetsträff",
        "Utkast om integritet",
    ):
        assert absent not in section


def test_no_events_section_when_none_match(client, member, english):
    events_index()
    tagged_event("Filmverkstad", ["3.1"])
    html = result(client, member, assess(member, gaps=("4.2",)))
    assert 'id="recommended-events"' not in html


def test_events_in_the_readers_language_first_then_the_soonest(member):
    events_index()
    gaps = list(
        Competence.objects.filter(code__in=["5.4", "2.4"]).values_list("pk", flat=True)
    )
    soon_da = tagged_event(
        "Dansk snart", ["5.4"], language="da", starts_in=datetime.timedelta(days=2)
    )
    later_nb = tagged_event(
        "Norsk senare",
        ["5.4", "2.4"],
        language="nb",
        starts_in=datetime.timedelta(days=20),
    )
    soon_nb = tagged_event(
        "Norsk snart", ["2.4"], language="nb", starts_in=datetime.timedelta(days=5)
    )
    found = recommendations.upcoming_events(gaps, ["nb"])
    assert [event.pk for event in found] == [soon_nb.pk, later_nb.pk, soon_da.pk]
    assert [c.code for c in found[1].gap_competences] == ["2.4", "5.4"]
    assert recommendations.upcoming_events([], ["nb"]) == []


def test_the_result_page_queries_do_not_grow_with_the_events(client, member):
    events_index()
    assessment = assess(member, gaps=("4.2", "5.4"))
    tagged_event("Första", ["4.2"])
    result(client, member, assessment)
    with CaptureQueriesContext(connection) as few:
        result(client, member, assessment)
    for number in range(3):
        tagged_event(f"Fler {number}", ["4.2", "5.4"])
    result(client, member, assessment)  # caches forgotten by the saves are refilled
    with CaptureQueriesContext(connection) as many:
        html = result(client, member, assessment)
    assert html.split('id="recommended-events"')[1].count('class="card"') == 4
    assert len(many.captured_queries) == len(few.captured_queries)
