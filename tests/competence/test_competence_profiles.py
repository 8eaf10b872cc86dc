"""Competence profiles for roles: editors define target levels per profession in the
admin; a member compares their own assessment with a chosen profile."""

import pytest

from competence import services
from competence.models import RoleProfile, RoleTarget
from taxonomy.models import Competence

pytestmark = pytest.mark.django_db


@pytest.fixture
def care_worker():
    profile = RoleProfile.objects.create(
        name_sv="Undersköterska",
        name_en="Care worker",
        slug="care-worker",
        description="Vård och omsorg.",
    )
    for code, level in (("4.2", 4), ("2.1", 3)):
        RoleTarget.objects.create(
            profile=profile, competence=Competence.objects.get(code=code), level=level
        )
    return profile


@pytest.fixture
def assessment(member):
    services.save_ratings(
        member,
        {c: 3 if c.code in ("4.2", "2.1") else 2 for c in Competence.objects.all()},
    )
    return services.finish(member)


def gap_rows(html):
    table = html.split('<table class="competence-table">')[1].split("</table>")[0]
    rows = table.split('<tr class="competence-gap">')[1:]
    return [row.split('<th scope="row">')[1].split(" ")[0] for row in rows]


def test_comparing_with_a_role_profile_uses_its_targets(
    client, member, assessment, care_worker, english
):
    client.force_login(member)
    url = f"/competence/assessment/{assessment.pk}/"
    default = client.get(url).content.decode()
    # Without a profile: level 3 everywhere, so every competence at 2 is a gap.
    assert len(gap_rows(default)) == 19
    assert '<option value="care-worker">Care worker</option>' in default
    compared = client.get(url + "?profile=care-worker").content.decode()
    assert "Compared with the competence profile for Care worker." in compared
    # Only the profile's competences have targets: 4.2 (3 < 4) is the one gap.
    assert gap_rows(compared) == ["4.2"]
    assert compared.count("chart-target") - compared.count(".chart-target") == 2


def test_an_unknown_profile_is_a_clear_error(client, member, assessment, english):
    client.force_login(member)
    RoleProfile.objects.create(name_sv="Lärare", name_en="Teacher", slug="teacher")
    response = client.get(f"/competence/assessment/{assessment.pk}/?profile=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no such competence profile." in html
    assert len(gap_rows(html)) == 19  # the default comparison


def test_editors_manage_profiles_in_the_admin_and_members_do_not(
    client, editor, member
):
    client.force_login(editor)
    assert client.get("/admin/snippets/competence/roleprofile/").status_code == 200
    assert client.get("/admin/snippets/competence/roleprofile/add/").status_code == 200
    client.force_login(member)
    response = client.get("/admin/snippets/competence/roleprofile/")
    assert response.status_code in (302, 403)
