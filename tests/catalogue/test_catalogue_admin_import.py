"""The catalogue import in the Wagtail admin (/admin/catalogue/import/): who may use
it, a file with a bad row, files it cannot read. The browser journey
(tests/browser/test_curation_journey.py) walks it as an editor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.forms import MAX_IMPORT_BYTES
from catalogue.models import CatalogueEntryPage

pytestmark = pytest.mark.django_db

URL = "/admin/catalogue/import/"
HEADER = "title,summary,language,municipality,country,year"
GOOD_AND_BAD = (
    f"{HEADER}\n"
    "Digitalt fika i Halmstad,Seniorer lär sig appar.,sv,Halmstad,SE,2024\n"
    "Fel språk,Den här raden har ett okänt språk.,xx,Halmstad,SE,2024\n"
    "Skärmbesök i Halmstad,Hemtjänsten ringer upp.,sv,Halmstad,SE,2024\n"
)


def upload(text, name="entries.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def signed_in_editor(client, editor, index, halmstad):
    client.force_login(editor)
    return client


def test_an_editor_imports_the_good_rows_and_sees_the_bad_one(signed_in_editor):
    before = CatalogueEntryPage.objects.count()
    response = signed_in_editor.post(URL, {"file": upload(GOOD_AND_BAD)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 3" in page and "xx" in page  # the header is row 1
    titles = set(CatalogueEntryPage.objects.values_list("title", flat=True))
    assert {"Digitalt fika i Halmstad", "Skärmbesök i Halmstad"} <= titles
    assert "Fel språk" not in titles
    assert CatalogueEntryPage.objects.count() == before + 2
    assert (
        not CatalogueEntryPage.objects.live()
        .filter(title__contains="Halmstad")
        .exists()
    )


def test_only_checking_the_file_saves_nothing(signed_in_editor):
    before = CatalogueEntryPage.objects.count()
    response = signed_in_editor.post(
        URL, {"file": upload(GOOD_AND_BAD), "dry_run": "on"}
    )
    assert response.status_code == 200
    assert CatalogueEntryPage.objects.count() == before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        ("title;summary\n".encode("utf-16"), "entries.csv", "not UTF-8"),
        (b'[{"title": ', "entries.json", "JSON"),
    ],
)
def test_a_file_it_cannot_read_is_explained_and_saves_nothing(
    signed_in_editor, data, name, message
):
    before = CatalogueEntryPage.objects.count()
    response = signed_in_editor.post(
        URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CatalogueEntryPage.objects.count() == before


def test_an_over_size_file_is_refused(signed_in_editor):
    big = SimpleUploadedFile("big.csv", b"x" * (MAX_IMPORT_BYTES + 1))
    response = signed_in_editor.post(URL, {"file": big})
    assert response.status_code == 200
    assert "larger than 5 MB" in response.content.decode()


@pytest.mark.parametrize("role", ["member", "ambassador", "moderator"])
def test_only_those_who_may_add_entries_may_import(client, request, role, index):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert client.post(URL, {"file": upload(GOOD_AND_BAD)}).status_code in (302, 403)
    assert not CatalogueEntryPage.objects.filter(
        title="Digitalt fika i Halmstad"
    ).exists()


def test_a_visitor_is_sent_to_log_in(client, index):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
