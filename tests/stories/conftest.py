"""Fixtures for the stories tests: the story index, published stories, submissions."""

import pytest

from accounts.roles import Role, grant_role
from home.models import HomePage
from stories.models import CaseStoryPage, StoryIndexPage
from stories.services import submit_story
from taxonomy.models import Competence, Sector, TargetGroup
from tests.factories import MunicipalityFactory, UserFactory
from tests.stories.story_helpers import cleaned, publish_story


@pytest.fixture
def story_index(db):
    """/stories/ under the home page, as the demo and an editor would make it."""
    home = HomePage.objects.first()
    index = StoryIndexPage(
        title="Berättelser", slug="stories", intro="Erfarenheter från kommunerna."
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def laholm(db):
    return MunicipalityFactory(name="Laholm", official_code="1381", country__code="SE")


@pytest.fixture
def oslo(db):
    return MunicipalityFactory(name="Oslo", official_code="0301", country__code="NO")


@pytest.fixture
def other_ambassador(db, laholm):
    user = UserFactory(email="other.ambassador@example.org", municipality=laholm)
    grant_role(user, Role.MEMBER)
    grant_role(user, Role.AMBASSADOR)
    return user


@pytest.fixture
def make_story(story_index):
    def make(title, **kwargs):
        return publish_story(story_index, title, **kwargs)

    return make


@pytest.fixture
def story_data(halmstad):
    """What a valid "Share an experience" form posts (files separately)."""
    return {
        "title": "Digitala ombud i hemtjänsten",
        "summary": "Sex ombud visade kollegorna hur surfplattan gör vardagen enklare.",
        "body": "Vi började med en workshop.\n\nSedan träffades ombuden varje månad.",
        "results": "Alla 120 medarbetare använder nu surfplattan.",
        "lessons_learned": "Ge ombuden tid i schemat.",
        "municipalities": [str(halmstad.pk)],
        "sector": str(Sector.objects.get(slug="elderly-care").pk),
        "target_groups": [str(TargetGroup.objects.get(slug="employees").pk)],
        "competences": [str(Competence.objects.get(code="2.4").pk)],
        "tags": "välfärdsteknik, digitaliseringsombud",
        "language": "sv",
        "year": "2020",
        "image_alt_text": "",
        "consent": "on",
    }


@pytest.fixture
def submitted_story(
    story_index, ambassador, story_data, django_capture_on_commit_callbacks
):
    """A story the ambassador has sent to the editors (in review)."""
    with django_capture_on_commit_callbacks(execute=True):
        story = submit_story(ambassador, story_index, cleaned(story_data))
    return CaseStoryPage.objects.get(pk=story.pk)
