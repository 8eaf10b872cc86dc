"""Recommendations from a self-assessment's gaps: published pages tagged with the
gap competences, the reader's languages first, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competence import recommendations, services
from home.models import HomePage
from stories.models import StoryIndexPage
from taxonomy.models import Competence
from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db


def assess(user, gaps=("4.2",)):
    """A completed assessment: level 1 on `gaps`, 5 on the rest."""
    services.save_ratings(
        user, {c: 1 if c.code in gaps else 5 for c in Competence.objects.all()}
    )
    return services.finish(user)


@pytest.fixture
def catalogue():
    return make_index()


@pytest.fixture
def stories():
    index = StoryIndexPage(title="Berättelser", slug="stories")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    return index


def result(client, user, assessment):
    client.force_login(user)
    response = client.get(f"/competence/assessment/{assessment.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_recommends_published_pages_tagged_with_the_gaps(
    client, member, catalogue, stories
):
    match = make_entry(catalogue, "Säkra lösenord i hemtjänsten", competences=["4.2"])
    story = publish_story(
        stories,
        "Personuppgifter på APT",
        competences=Competence.objects.filter(code="4.2"),
    )
    make_entry(catalogue, "Filmredigering för nybörjare", competences=["3.1"])
    make_entry(catalogue, "Utkast om integritet", competences=["4.2"], live=False)
    make_entry(catalogue, "Gammalt om integritet", competences=["4.2"], retired=True)
    html = result(client, member, assess(member, gaps=("4.2",)))
    section = html.split('id="recommended"')[1]
    assert match.title in section
    assert story.title in section
    assert "Filmredigering" not in section
    assert "Utkast om integritet" not in section
    assert "Gammalt om integritet" not in section


def test_the_readers_languages_come_first(member, catalogue):
    danish = make_entry(catalogue, "Dansk", language="da", competences=["1.1", "1.2"])
    swedish = make_entry(catalogue, "Svenska", language="sv", competences=["1.1"])
    norwegian = make_entry(catalogue, "Norsk", language="nb", competences=["1.1"])
    gaps = Competence.objects.filter(code__in=["1.1", "1.2"]).values_list(
        "pk", flat=True
    )
    found = recommendations.for_competences(gaps, ["nb", "sv"])
    assert [page.pk for page in found] == [norwegian.pk, swedish.pk, danish.pk]
    # Without a preference, the one covering most gaps first.
    found = recommendations.for_competences(gaps, [])
    assert found[0].pk == danish.pk
    assert [c.code for c in found[0].gap_competences] == ["1.1", "1.2"]


def test_reader_languages_are_interface_account_then_profile(member):
    from django.utils import translation

    from network.services import profile_of

    member.language = "da"
    member.save()
    profile = profile_of(member)
    profile.set_languages(["en", "sv"])
    profile.save()
    member.refresh_from_db()
    with translation.override("nb"):
        assert recommendations.reader_languages(member) == ["nb", "da", "en", "sv"]


def test_no_gaps_no_recommendations(client, member, catalogue, english):
    make_entry(catalogue, "Något", competences=["4.2"])
    html = result(client, member, assess(member, gaps=()))
    assert "No gaps" in html
    assert 'id="recommended"' not in html


def test_the_result_page_queries_do_not_grow_with_the_recommendations(
    client, member, catalogue
):
    assessment = assess(member, gaps=("4.2", "5.4"))
    make_entry(catalogue, "Första", competences=["4.2"])
    result(client, member, assessment)
    with CaptureQueriesContext(connection) as few:
        result(client, member, assessment)
    for number in range(6):
        make_entry(catalogue, f"Fler {number}", competences=["4.2", "5.4"])
    result(client, member, assessment)  # refill the caches the saves forgot
    with CaptureQueriesContext(connection) as many:
        html = result(client, member, assessment)
    assert html.count('class="card"') == 7
    assert len(many.captured_queries) == len(few.captured_queries)
