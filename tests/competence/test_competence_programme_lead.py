"""Programme leads: appointed by editors in the admin, they see the programme view
(and its CSV) for the municipality or region they lead and for no other place;
editors see every place."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.roles import Role, grant_role, has_role
from competence.models import ProgrammeLead
from tests.factories import MunicipalityFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def halland(db):
    return RegionFactory(name="Halland", country__code="SE")


@pytest.fixture
def places(halland):
    halmstad = MunicipalityFactory(
        name="Halmstad", official_code="1380", region=halland, country=halland.country
    )
    laholm = MunicipalityFactory(
        name="Laholm", official_code="1381", region=halland, country=halland.country
    )
    kalmar = MunicipalityFactory(name="Kalmar", official_code="0880")
    return halmstad, laholm, kalmar


def person():
    user = UserFactory()
    grant_role(user, Role.MEMBER)
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_appointing_grants_the_role_and_the_last_removal_takes_it(places, halland):
    halmstad, _laholm, _kalmar = places
    lead = person()
    assert not has_role(lead, Role.PROGRAMME_LEAD)
    first = ProgrammeLead.objects.create(user=lead, municipality=halmstad)
    second = ProgrammeLead.objects.create(user=lead, region=halland)
    lead.refresh_from_db()
    assert has_role(lead, Role.PROGRAMME_LEAD)
    first.delete()
    lead.refresh_from_db()
    assert has_role(lead, Role.PROGRAMME_LEAD)  # still leads Halland
    second.delete()
    lead.refresh_from_db()
    assert not has_role(lead, Role.PROGRAMME_LEAD)


def test_a_lead_leads_one_place_not_both_nor_none(places, halland, english):
    halmstad, _laholm, _kalmar = places
    for fields in ({}, {"municipality": halmstad, "region": halland}):
        with pytest.raises(ValidationError) as raised:
            ProgrammeLead(user=person(), **fields).full_clean()
        assert "Choose either a municipality or a region, not both." in str(
            raised.value
        )


def test_a_municipality_lead_sees_only_their_municipality(places, english):
    halmstad, laholm, kalmar = places
    lead = person()
    ProgrammeLead.objects.create(user=lead, municipality=halmstad)
    client = signed_in(lead)
    own = client.get("/competence/programme/")
    assert own.status_code == 200
    assert "Programme view: Halmstad" in own.content.decode()
    assert client.get("/competence/programme/?municipality=halmstad").status_code == 200
    for other in (
        f"?municipality={laholm.slug}",
        f"?municipality={kalmar.slug}",
        f"?region={halmstad.region.slug}",
        "?municipality=no-such-place",
    ):
        assert client.get(f"/competence/programme/{other}").status_code == 403
        assert (
            client.get(f"/competence/programme/figures.csv{other}").status_code == 403
        )
    csv = client.get("/competence/programme/figures.csv")
    assert csv.status_code == 200
    assert "Halmstad" in csv.content.decode("utf-8")


def test_a_region_lead_sees_the_region_and_its_municipalities(places, halland, english):
    halmstad, laholm, kalmar = places
    lead = person()
    ProgrammeLead.objects.create(user=lead, region=halland)
    client = signed_in(lead)
    default = client.get("/competence/programme/").content.decode()
    assert "Programme view: Halland" in default
    # The form offers their places only.
    assert "Kalmar" not in default and "Laholm" in default
    for mine in (f"?municipality={laholm.slug}", f"?region={halland.slug}"):
        assert client.get(f"/competence/programme/{mine}").status_code == 200
    assert (
        client.get(f"/competence/programme/?municipality={kalmar.slug}").status_code
        == 403
    )


def test_editors_see_every_place_and_members_none(places, editor, member):
    _halmstad, _laholm, kalmar = places
    editor_client = signed_in(editor)
    assert editor_client.get("/competence/programme/").status_code == 200
    assert (
        editor_client.get(
            f"/competence/programme/?municipality={kalmar.slug}"
        ).status_code
        == 200
    )
    assert signed_in(member).get("/competence/programme/").status_code == 403


def test_editors_appoint_leads_in_the_admin(places, editor, english):
    halmstad, _laholm, _kalmar = places
    lead = person()
    client = signed_in(editor)
    url = "/admin/snippets/competence/programmelead/add/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": lead.pk, "municipality": halmstad.pk})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert has_role(lead, Role.PROGRAMME_LEAD)
    refused = client.post(url, {"user": lead.pk})
    assert refused.status_code == 200
    assert "Choose either a municipality or a region" in refused.content.decode()
