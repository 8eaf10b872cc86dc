"""The programme view: aggregates for editors, never about fewer than five people;
accessible tables; the same figures as CSV."""

import csv
import io

import pytest

from accounts.roles import Role, grant_role
from competence import paths, programme, services
from taxonomy.models import Competence
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def assessed_people(number, municipality, level=4):
    people = []
    for _n in range(number):
        person = UserFactory(municipality=municipality)
        grant_role(person, Role.MEMBER)
        services.save_ratings(person, {c: level for c in Competence.objects.all()})
        services.finish(person)
        people.append(person)
    return people


@pytest.fixture
def kalmar(db):
    return MunicipalityFactory(name="Kalmar", official_code="0880")


def area_cells(html):
    table = html.split("<caption>Average level per DigComp area</caption>")[1]
    first = table.split("</tr>")[1]
    return [cell.split("</td>")[0] for cell in first.split('<td class="number">')[1:]]


def test_four_people_are_not_shown_five_are(client, editor, kalmar, english):
    assessed_people(4, kalmar, level=2)
    client.force_login(editor)
    html = client.get("/competence/programme/?municipality=kalmar").content.decode()
    assert "Programme view: Kalmar" in html
    assert area_cells(html) == ["fewer than 5", "fewer than 5"]
    assert '<td class="number">4</td>' not in html
    # The chart hides what its table hides: no bar over fewer than five people.
    assert 'class="chart-bar"' not in html
    assessed_people(1, kalmar, level=4)
    html = client.get("/competence/programme/?municipality=kalmar").content.decode()
    # Five people: (4 × 2 + 4) / 5 = 2.4 on every area.
    assert area_cells(html) == ["5", "2.4"]
    assert 'class="chart-bar"' in html


def test_counts_follow_the_scope(editor, kalmar, halmstad):
    assessed_people(5, kalmar)
    assessed_people(2, halmstad)
    everyone = programme.figures(programme.Scope())
    assert everyone["assessed_people"] == 7
    in_kalmar = programme.figures(programme.Scope(municipality=kalmar))
    assert in_kalmar["assessed_people"] == 5
    assert in_kalmar["members"] == 5
    in_halmstad = programme.figures(programme.Scope(municipality=halmstad))
    assert in_halmstad["assessed_people"] == programme.SUPPRESSED


def test_paths_followed_and_completed_are_counted(kalmar):
    from tests.catalogue.catalogue_factories import make_entry, make_index
    from tests.competence.competence_helpers import make_path

    entry = make_entry(make_index(), "Ett steg")
    path = make_path("Kort väg", [entry])
    people = assessed_people(6, kalmar)
    for person in people[:5]:
        paths.mark_step(person, path.ordered_steps()[0])
    paths.follow(people[5], path)
    data = programme.figures(programme.Scope(municipality=kalmar))
    assert data["following"] == 6
    assert data["completing"] == 5
    assert data["paths_completed"] == 5


def test_a_re_assessment_counts_once_in_the_averages(kalmar):
    people = assessed_people(5, kalmar, level=1)
    services.save_ratings(people[0], {c: 6 for c in Competence.objects.all()})
    services.finish(people[0])
    data = programme.figures(programme.Scope(municipality=kalmar))
    # Latest of each: (6 + 4 × 1) / 5 = 2.0; two assessments by one person.
    assert [row["average"] for row in data["areas"]] == [2.0] * 5
    assert data["assessments"] == 6


def test_the_csv_holds_the_same_figures(client, editor, kalmar):
    assessed_people(5, kalmar, level=3)
    client.force_login(editor)
    response = client.get("/competence/programme/figures.csv?municipality=kalmar")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "item", "value"]
    found = {item: value for _scope, item, value in rows[1:]}
    assert found["people assessed"] == "5"
    assert found["average level 4 Safety"] == "3.0"


def test_a_bad_scope_is_a_clear_error(client, editor, english):
    client.force_login(editor)
    html = client.get("/competence/programme/?municipality=atlantis").content.decode()
    assert "There is no such municipality." in html
    response = client.get("/competence/programme/figures.csv?region=atlantis")
    assert response.status_code == 400
    assert "There is no such region." in response.content.decode()


def test_only_editors_and_the_admin_see_it(client, member, ambassador, admin):
    for person, expected in ((member, 403), (ambassador, 403), (admin, 200)):
        client.force_login(person)
        assert client.get("/competence/programme/").status_code == expected
    client.logout()
    assert client.get("/competence/programme/").status_code == 302


def test_the_programme_view_queries_do_not_grow_with_the_people(client, editor, kalmar):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    assessed_people(5, kalmar)
    client.get("/competence/programme/")
    with CaptureQueriesContext(connection) as few:
        client.get("/competence/programme/")
    assessed_people(4, kalmar)
    client.get("/competence/programme/")  # refill the caches the saves forgot
    with CaptureQueriesContext(connection) as many:
        client.get("/competence/programme/")
    assert len(many.captured_queries) == len(few.captured_queries)
