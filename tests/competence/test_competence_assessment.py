"""The DigComp self-assessment: area by area, savable midway, finished, kept over
time, private to the person, exported and erased with the account."""

import json
import re

import pytest
from django.urls import reverse

from accounts.roles import Role, grant_role
from competence import services
from competence.models import Assessment, Rating
from taxonomy.models import Competence, CompetenceArea
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = "/competence/assessment/"


def area_url(code):
    return f"/competence/assessment/area/{code}/"


def rate_everything(client, level_of=lambda code: 2):
    """Post every area's page as a person would, each competence at level_of(code)."""
    for area in CompetenceArea.objects.prefetch_related("competences"):
        data = {
            "c" + c.code.replace(".", "_"): str(level_of(c.code))
            for c in area.competences.all()
        }
        response = client.post(area_url(area.code), {**data, "next": ""})
        assert response.status_code == 302


def finish(client):
    response = client.post("/competence/assessment/finish/")
    assert response.status_code == 302
    return response


def test_the_reference_data_has_five_areas_and_21_competences():
    assert CompetenceArea.objects.count() == 5
    assert Competence.objects.count() == 21


def test_visitors_are_sent_to_log_in(client):
    for url in (START, area_url("1")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_area_page_is_radio_groups_in_fieldsets_without_script(client, member):
    client.force_login(member)
    response = client.get(area_url("2"))
    assert response.status_code == 200
    html = response.content.decode()
    html = html.split('<main id="main"')[1].split("</main>")[0]
    # Six competences in area 2, each a fieldset with a legend and nine radios.
    assert html.count("<fieldset") == 6
    assert html.count("<legend>") == 6
    assert len(re.findall(r'type="radio" name="c2_4"', html)) == 9
    assert "<script" not in html
    # Every radio has its own label.
    for radio_id in re.findall(
        r'type="radio" name="c2_1" value="\d" id="([^"]+)"', html
    ):
        assert f'<label for="{radio_id}">' in html


def test_an_unknown_area_is_not_found(client, member):
    client.force_login(member)
    assert client.get(area_url("9")).status_code == 404


def test_saving_midway_keeps_the_answers_and_shows_them_again(client, member):
    client.force_login(member)
    response = client.post(area_url("1"), {"c1_1": "4", "c1_2": "1", "stop": ""})
    assert response.status_code == 302
    assert response["Location"] == START
    assessment = Assessment.objects.get(user=member)
    assert assessment.completed_at is None
    assert assessment.levels_by_code() == {"1.1": 4, "1.2": 1}
    page = client.get(area_url("1")).content.decode()
    assert re.search(r'name="c1_1" value="4" id="[^"]+" checked', page)
    assert re.search(r'name="c1_2" value="1" id="[^"]+" checked', page)
    start = client.get(START).content.decode()
    assert "2 of 3 competences rated" in start or "2 av 3" in start


def test_save_and_next_goes_to_the_following_area_and_the_last_to_finish(
    client, member
):
    client.force_login(member)
    response = client.post(area_url("1"), {"c1_1": "3", "next": ""})
    assert response["Location"] == area_url("2")
    response = client.post(area_url("5"), {"c5_1": "3", "next": ""})
    assert response["Location"] == START + "#finish"


def test_a_level_outside_the_scale_is_refused_with_a_message(client, member, english):
    client.force_login(member)
    response = client.post(area_url("1"), {"c1_1": "9", "next": ""})
    assert response.status_code == 200
    assert "Choose one of the levels 0 to 8." in response.content.decode()
    assert not Rating.objects.exists()


def test_finishing_needs_every_competence(client, member, english):
    client.force_login(member)
    client.post(area_url("1"), {"c1_1": "3", "next": ""})
    response = client.post("/competence/assessment/finish/", follow=True)
    assert "Not rated yet: 1.2, 1.3, 2.1" in response.content.decode()
    assert Assessment.objects.get(user=member).completed_at is None


def test_finishing_shows_the_profile_with_its_table_and_gaps(client, member, english):
    client.force_login(member)
    rate_everything(client, lambda code: 1 if code in ("4.2", "1.1") else 5)
    response = finish(client)
    assessment = Assessment.objects.get(user=member)
    assert assessment.completed_at is not None
    assert response["Location"] == reverse(
        "competence:assessment_result", args=[assessment.pk]
    )
    html = client.get(response["Location"]).content.decode()
    assert '<svg role="img" aria-labelledby="chart-title"' in html
    assert html.count('class="chart-bar') == 21
    assert html.count("chart-bar--gap") == 2
    # The table says the same: 21 rows with a header cell each, two marked as gaps.
    table = html.split('<table class="competence-table">')[1].split("</table>")[0]
    assert "<caption>" in table
    assert len(re.findall(r'<th scope="row">', table)) == 21
    assert table.count('class="competence-gap"') == 2
    gaps = html.split("Your gaps")[1]
    assert gaps.index("1.1 ") < gaps.index("4.2 ")


def test_reassessing_later_shows_the_progress(client, member, english):
    client.force_login(member)
    rate_everything(client, lambda code: 1)
    finish(client)
    rate_everything(client, lambda code: 4 if code == "2.4" else 1)
    finish(client)
    assert Assessment.objects.filter(user=member).completed().count() == 2
    latest = Assessment.objects.filter(user=member).completed().first()
    html = client.get(reverse("competence:assessment_result", args=[latest.pk]))
    html = html.content.decode()
    assert "Compared with your self-assessment of" in html
    table = html.split('<table class="competence-table">')[1]
    row = table.split('<th scope="row">2.4 ')[1].split("</tr>")[0]
    assert "+3" in row
    assert "chart-previous" in html
    start = client.get(START).content.decode()
    assert start.count(f"/competence/assessment/{latest.pk}/") == 1
    assert len(re.findall(r"/competence/assessment/\d+/", start)) == 2


def test_nobody_else_sees_an_assessment(client, member, editor, admin):
    client.force_login(member)
    rate_everything(client)
    finish(client)
    url = reverse(
        "competence:assessment_result", args=[Assessment.objects.get(user=member).pk]
    )
    assert client.get(url).status_code == 200
    for other in (editor, admin, UserFactory()):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_an_unfinished_assessment_has_no_result_page(client, member):
    client.force_login(member)
    client.post(area_url("1"), {"c1_1": "3", "next": ""})
    draft = Assessment.objects.get(user=member)
    assert client.get(f"/competence/assessment/{draft.pk}/").status_code == 404


def test_only_one_open_assessment_per_person(member):
    competence = Competence.objects.get(code="1.1")
    first = services.save_ratings(member, {competence: 2})
    second = services.save_ratings(member, {competence: 3})
    assert first.pk == second.pk
    assert Assessment.objects.filter(user=member).count() == 1
    assert Rating.objects.get().level == 3


def test_the_data_export_holds_the_assessments(client, member):
    grant_role(member, Role.MEMBER)
    client.force_login(member)
    rate_everything(client, lambda code: 3)
    finish(client)
    client.post(area_url("1"), {"c1_1": "6", "stop": ""})
    data = json.loads(client.get("/network/me/data.json").content)
    section = data["competence_self_assessments"]
    assert len(section) == 2
    assert section[0]["completed"] is not None
    assert section[0]["levels"]["5.4"] == 3
    assert len(section[0]["levels"]) == 21
    assert section[1]["completed"] is None
    assert section[1]["levels"] == {"1.1": 6}


def test_erasing_the_account_erases_the_assessments(client, member):
    from network import privacy

    client.force_login(member)
    rate_everything(client)
    finish(client)
    assert Rating.objects.count() == 21
    privacy.erase_account(member)
    assert not Assessment.objects.exists()
    assert not Rating.objects.exists()


def test_the_area_page_queries_do_not_grow_with_the_answers(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    client.post(area_url("2"), {"c2_1": "3", "stop": ""})
    with CaptureQueriesContext(connection) as few:
        client.get(area_url("2"))
    client.post(area_url("2"), {f"c2_{n}": "5" for n in range(1, 7)} | {"stop": ""})
    with CaptureQueriesContext(connection) as many:
        client.get(area_url("2"))
    assert len(many.captured_queries) == len(few.captured_queries)
