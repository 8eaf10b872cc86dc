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


def test_the_admin_form_chooses_the_person_from_a_searchable_chooser(
    places, editor, member, english
):
    """No select of every member: the form holds the chosen person's id and a
    chooser button; the chooser modal searches by name or e-mail, in pages."""
    halmstad, _laholm, _kalmar = places
    lead = person()
    lead.display_name = "Karin Holm"
    lead.save()
    for number in range(25):
        UserFactory(email=f"kollega{number}@example.org")
    client = signed_in(editor)
    url = "/admin/snippets/competence/programmelead/add/"
    html = client.get(url).content.decode()
    assert "<select" not in html.split('name="user"')[0].rsplit("<label", 1)[-1]
    assert 'type="hidden" name="user"' in html
    assert "Choose a person" in html
    chooser = "/admin/competence_person_chooser/"
    assert chooser in html
    # The modal: 20 a page, searched by name or address.
    listing = client.get(chooser)
    assert listing.status_code == 200
    found = client.get(chooser + "results/", {"q": "karin"}).content.decode()
    assert "Karin Holm" in found and "kollega1@" not in found
    by_mail = client.get(chooser + "results/", {"q": "kollega2"}).content.decode()
    assert "kollega2@example.org" in by_mail and "Karin Holm" not in by_mail
    chosen = client.get(f"{chooser}chosen/{lead.pk}/")
    assert chosen.status_code == 200 and "Karin Holm" in chosen.content.decode()
    # Saving with the chosen id appoints the person.
    response = client.post(url, {"user": lead.pk, "municipality": halmstad.pk})
    assert response.status_code == 302
    assert ProgrammeLead.objects.get(user=lead).municipality == halmstad
    # Editing shows the chosen person.
    edit = client.get(
        f"/admin/snippets/competence/programmelead/edit/"
        f"{ProgrammeLead.objects.get(user=lead).pk}/"
    ).content.decode()
    assert "Karin Holm" in edit


def test_only_people_who_appoint_leads_open_the_person_chooser(places, member):
    """It lists members' names and addresses."""
    from django.contrib.auth.models import Permission

    chooser = "/admin/competence_person_chooser/"
    staff = person()
    staff.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    # The admin's answer to a refusal: back to the dashboard, nobody listed.
    for address in (chooser, chooser + "results/?q=a", f"{chooser}chosen/{member.pk}/"):
        response = signed_in(staff).get(address)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert signed_in(member).get(chooser).status_code in (302, 403)
