"""Learning paths: editors compose them from existing pages; members follow them,
mark steps done and see their progress; paths are a catalogue type (facets), found
in search and in the page API, recommended for matching gaps."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competence import recommendations
from competence.models import LearningPathStep, PathFollow, StepDone
from home.models import StandardPage
from taxonomy.models import Competence
from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.competence.competence_helpers import make_path
from tests.conftest import run_search_indexing
from tests.events.event_helpers import events_index, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def steps():
    catalogue = make_index()
    return [
        make_entry(catalogue, "Digitala nycklar", competences=["4.2"]),
        make_entry(catalogue, "Läsplattor i hemtjänsten", competences=["2.4"]),
        make_event(events_index(), capacity=10),
    ]


@pytest.fixture
def path(steps):
    return make_path(
        "Digital tillsyn i hemtjänsten på fem veckor",
        steps,
        competences=["4.2", "2.4"],
        duration="Fem veckor",
    )


def test_the_path_page_lists_its_steps_in_order(client, path, steps, english):
    html = client.get(path.url).content.decode()
    main = html.split('<main id="main"')[1]
    positions = [main.index(page.title) for page in steps]
    assert positions == sorted(positions)
    assert main.count('<li id="step-') == 3
    assert "Log in to follow this path" in main
    assert "Follow this path" not in main


def test_a_member_follows_marks_steps_done_and_completes(client, member, path):
    client.force_login(member)
    response = client.post(f"/competence/paths/{path.pk}/follow/")
    assert response.status_code == 302
    assert response["Location"] == path.url + "#steps"
    step_ids = [s.pk for s in path.ordered_steps()]
    for number, step_id in enumerate(step_ids, 1):
        response = client.post(
            f"/competence/paths/{path.pk}/steps/{step_id}/", {"done": "1"}
        )
        assert response["Location"] == f"{path.url}#step-{step_id}"
        progress = path.progress_of(member)
        assert progress.done == number
    follow = PathFollow.objects.get(user=member, path=path)
    assert follow.completed_at is not None
    html = client.get(path.url).content.decode()
    assert 'value="3"' in html and "<progress" in html
    # Undoing a step makes the path unfinished again.
    client.post(f"/competence/paths/{path.pk}/steps/{step_ids[1]}/", {"done": "0"})
    follow.refresh_from_db()
    assert follow.completed_at is None
    assert path.progress_of(member).done == 2


def test_progress_is_shown_as_text_and_progress_bar(client, member, path, english):
    client.force_login(member)
    first = path.ordered_steps()[0]
    client.post(f"/competence/paths/{path.pk}/steps/{first.pk}/", {"done": "1"})
    html = client.get(path.url).content.decode()
    assert "1 of 3 steps done" in html
    assert re.search(
        r'<progress max="3" value="1" aria-labelledby="path-progress"', html
    )
    assert "Mark step 1 as not done" in html
    assert "Mark step 2 as done" in html
    mine = client.get("/competence/paths/").content.decode()
    assert path.title in mine
    assert "1 of 3 steps done" in mine


def test_a_step_of_another_path_or_a_draft_path_is_not_found(client, member, path):
    other = make_path("Annan", [path.ordered_steps()[0].page])
    draft = make_path("Utkast", [path.ordered_steps()[0].page], live=False)
    client.force_login(member)
    step = other.ordered_steps()[0]
    url = f"/competence/paths/{path.pk}/steps/{step.pk}/"
    assert client.post(url, {"done": "1"}).status_code == 404
    assert client.post(f"/competence/paths/{draft.pk}/follow/").status_code == 404
    assert not StepDone.objects.exists()


def test_visitors_cannot_follow(client, path):
    response = client.post(f"/competence/paths/{path.pk}/follow/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not PathFollow.objects.exists()


def test_a_step_must_be_a_story_practice_video_or_event(path):
    page = StandardPage(title="Om oss", slug="om-oss", body=[])
    path.get_parent().get_parent().add_child(instance=page)
    step = LearningPathStep(path=path, page=page)
    with pytest.raises(ValidationError):
        step.clean()
    LearningPathStep(path=path, page=path.ordered_steps()[0].page).clean()


def test_paths_are_a_catalogue_type_with_the_facets(client, path):
    listing = client.get("/catalogue/?type=path").context["listing"]
    assert [item.pk for item in listing.page_obj.object_list] == [path.pk]
    listing = client.get("/catalogue/?type=path&competence=2.4").context["listing"]
    assert [item.pk for item in listing.page_obj.object_list] == [path.pk]
    listing = client.get("/catalogue/?type=path&competence=1.1").context["listing"]
    assert list(listing.page_obj.object_list) == []


def test_paths_are_found_in_search(client, path):
    run_search_indexing()
    data = json.loads(client.get("/api/search/?q=tillsyn&type=path").content)
    assert [r["title"] for r in data["results"]] == [path.title]
    # A step's title finds the path too.
    data = json.loads(client.get("/api/search/?q=läsplattor&type=path").content)
    assert [r["title"] for r in data["results"]] == [path.title]


def test_the_page_api_gives_the_steps(client, path, steps):
    response = client.get(
        "/api/v2/pages/?type=competence.LearningPathPage"
        "&fields=steps,duration,competences"
    )
    assert response.status_code == 200
    item = json.loads(response.content)["items"][0]
    assert item["duration"] == "Fem veckor"
    assert [s["title"] for s in item["steps"]] == [p.title for p in steps]
    assert [s["position"] for s in item["steps"]] == [1, 2, 3]
    assert item["steps"][2]["type"] == "events.eventpage"
    assert {c["code"] for c in item["competences"]} == {"2.4", "4.2"}


def test_paths_are_recommended_for_matching_gaps(path):
    gap = Competence.objects.filter(code="4.2").values_list("pk", flat=True)
    found = recommendations.for_competences(gap, ["sv"])
    assert path.pk in [page.pk for page in found]
    labels = {page.pk: str(page.type_label) for page in found}
    assert labels[path.pk] in ("Learning path", "Lärväg")


def test_the_path_page_queries_do_not_grow_with_its_steps(client, member, steps):
    """(One query per type of page among the steps: both paths have all three.)"""
    client.force_login(member)
    short = make_path("Kort", steps)
    long = make_path("Lång", steps * 3)
    for path in (short, long):
        client.post(f"/competence/paths/{path.pk}/follow/")
    client.get(short.url)
    with CaptureQueriesContext(connection) as few:
        client.get(short.url)
    with CaptureQueriesContext(connection) as many:
        client.get(long.url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_data_export_holds_the_paths(client, member, path):
    client.force_login(member)
    first = path.ordered_steps()[0]
    client.post(f"/competence/paths/{path.pk}/steps/{first.pk}/", {"done": "1"})
    data = json.loads(client.get("/network/me/data.json").content)
    [entry] = data["learning_paths"]
    assert entry["path"] == path.title
    assert entry["completed"] is None
    assert [s["step"] for s in entry["steps_done"]] == ["Digitala nycklar"]
