"""The competence demo: three paths of the other apps' demo pages, six role
profiles, the demo people's self-assessments (the member's with progress and a
path half done); the programme view has enough people to show; idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Revision

from competence import programme
from competence.demo import PATHS, PROFILES
from competence.models import (
    Assessment,
    LearningPathPage,
    PathFollow,
    RoleProfile,
    StepDone,
)

pytestmark = pytest.mark.django_db


def counts():
    return {
        "paths": LearningPathPage.objects.count(),
        "revisions": Revision.objects.count(),
        "assessments": Assessment.objects.count(),
        "profiles": RoleProfile.objects.count(),
        "follows": PathFollow.objects.count(),
        "steps done": StepDone.objects.count(),
    }


def test_the_demo_paths_are_built_of_the_other_demo_pages(demo):
    paths = LearningPathPage.objects.live().order_by("pk")
    assert [p.title for p in paths] == [spec["title"] for spec in PATHS]
    languages = {p.language for p in paths}
    assert languages == {"sv", "nb", "da"}
    first = paths[0].ordered_steps()
    assert len(first) == 5
    assert all(step.target is not None and step.target.live for step in first)


def test_the_demo_member_has_progress_recommendations_and_a_path(demo):
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(email="member@dela.example")
    completed = list(Assessment.objects.filter(user=member).completed())
    assert len(completed) == 2
    client = Client()
    client.force_login(member)
    html = client.get(f"/competence/assessment/{completed[0].pk}/").content.decode()
    assert 'id="recommended"' in html
    assert "chart-previous" in html
    follow = PathFollow.objects.get(user=member)
    assert StepDone.objects.filter(user=member, step__path=follow.path).count() == 2
    assert follow.completed_at is None


def test_the_programme_view_shows_halland(demo):
    from taxonomy.models import Region

    halland = Region.objects.get(name="Hallands län")
    data = programme.figures(programme.Scope(region=halland))
    assert data["assessed_people"] >= programme.MIN_PEOPLE
    assert all(isinstance(row["average"], float) for row in data["areas"])


def test_profiles_are_there(demo):
    assert RoleProfile.objects.count() == len(PROFILES)
    manager = RoleProfile.objects.get(slug="manager")
    assert manager.target_levels()["5.4"] == 5
    assert manager.name_nb == "Leder"


def test_loading_again_changes_nothing(demo):
    before = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == before


def test_the_demo_ambassador_has_a_proposal_in_review_and_one_sent_back(demo):
    """Proposals made as the site's form makes them: the editors' review list and the
    ambassador's own proposals page have something to show."""
    from competence.demo import DATA
    from taxonomy.review import SubmissionStatus, submission_of

    proposed = {
        page.title: submission_of(page).status
        for page in LearningPathPage.objects.filter(
            live=False, owner__email="ambassador@dela.example"
        )
    }
    assert proposed == {
        DATA["proposals"][0]["title"]: SubmissionStatus.IN_REVIEW,
        DATA["proposals"][1]["title"]: SubmissionStatus.CHANGES_REQUESTED,
    }
    client = Client()
    client.force_login(
        LearningPathPage.objects.filter(live=False).first().owner,
    )
    html = client.get("/competence/paths/proposals/").content.decode()
    assert all(title in html for title in proposed)
