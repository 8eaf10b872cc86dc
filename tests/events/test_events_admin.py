"""Editors' registrations list in the Wagtail admin."""

import pytest
from django.test import Client

from events.services import register
from tests.events.event_helpers import make_event, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_editor_lists_registrations_filtered_by_event(editor_client, index):
    first = make_event(title="Träff i Halmstad", capacity=1)
    second = make_event(title="Kurs i Kalmar")
    anna = member_user(display_name="Anna Andersson")
    bo = member_user(display_name="Bo Berg")
    cecilia = member_user(display_name="Cecilia Carlsson")
    register(first, anna)
    register(first, bo)  # waiting list
    register(second, cecilia)

    response = editor_client.get(f"/admin/event_registrations/?event={first.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Andersson" in html and "Bo Berg" in html
    assert "Cecilia Carlsson" not in html


def test_editor_exports_registrations_as_csv(editor_client, index):
    event = make_event(title="Workshop, del 1")
    anna = member_user(display_name="Anna Andersson", email="anna@example.org")
    register(event, anna)
    response = editor_client.get(
        f"/admin/event_registrations/?event={event.pk}&export=csv"
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "anna@example.org" in body
    assert '"Workshop, del 1"' in body


def test_the_export_opens_safely_in_a_spreadsheet(editor_client, index):
    """A name made to be a formula stays text; Excel reads å/ä/ö (a BOM); the status
    is readable, not its stored code."""
    event = make_event(title="Träff i Mölndal")
    register(event, member_user(display_name='=HYPERLINK("http://evil")'))
    response = editor_client.get(
        f"/admin/event_registrations/?event={event.pk}&export=csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body
    assert "Träff i Mölndal" in body
    assert "Registered" in body and ",registered," not in body
    xlsx = editor_client.get(
        f"/admin/event_registrations/?event={event.pk}&export=xlsx"
    )
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("http://evil")']


def test_admin_offers_no_adding_or_editing(editor_client, index):
    event = make_event()
    registration, _ = register(event, member_user())
    assert editor_client.get("/admin/event_registrations/new/").status_code in (
        302,
        403,
    )
    edit = editor_client.get(f"/admin/event_registrations/edit/{registration.pk}/")
    assert edit.status_code in (302, 403)
    inspect = editor_client.get(
        f"/admin/event_registrations/inspect/{registration.pk}/"
    )
    assert inspect.status_code == 200


def test_event_listing_in_the_page_explorer_links_to_registrations(
    editor_client, index
):
    event = make_event()
    html = editor_client.get(f"/admin/pages/{index.pk}/").content.decode()
    assert f"/admin/event_registrations/?event={event.pk}" in html


def test_editor_classifies_an_event_by_digcomp_competence(editor_client, index):
    """The edit form offers the same competence checkboxes as the catalogue's
    pages, and the page API gives the competences."""
    from taxonomy.models import Competence

    event = make_event(title="Workshop om integritet")
    response = editor_client.get(f"/admin/pages/{event.pk}/edit/")
    html = response.content.decode()
    assert 'name="competences"' in html
    assert 'type="checkbox"' in html
    event.competences.set(Competence.objects.filter(code__in=["4.2", "2.4"]))
    event.save_revision().publish()
    api = editor_client.get(f"/api/v2/pages/{event.pk}/").json()
    assert sorted(c["code"] for c in api["competences"]) == ["2.4", "4.2"]
