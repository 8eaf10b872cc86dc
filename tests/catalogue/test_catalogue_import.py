"""`manage.py import_catalogue`: valid and invalid files, mixed rows, options and
re-import."""

# CSV test data reads best one record a line.
# ruff: noqa: E501

import json
from io import StringIO

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from taggit.models import Tag
from wagtail.models import Page, Revision

from catalogue.interchange import IMPORT_FIELDS
from catalogue.models import CatalogueEntryPage
from taxonomy.models import ClassifiedPage, Municipality
from tests.catalogue.catalogue_factories import make_entry

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,title,summary,body,language,municipality,country,tags,competences,year"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def run(path, *options):
    """(stdout, stderr, error or None) of the command."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_catalogue", str(path), *options, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def state():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "tags": Tag.objects.count(),
        "municipalities": Municipality.objects.count(),
    }


GOOD_CSV = f"""{HEADER}
kl-001,Digitale kompetencer for alle,"KL beskriver de digitale kompetencer, som alle medarbejdere har brug for.","Første afsnit.

Andet afsnit med <b>tegn</b> & mere.",da,Aarhus,DK,kompetenceprofiler;velfærdsteknologi,1.1;2.4,2019
halland-7,Digga Halland,Ett samverkansprojekt om digital kompetens i vård och omsorg.,,sv,1381;halmstad,SE,välfärdsteknik,5.4,2020
"""


def test_valid_csv_creates_drafts(tmp_path, index, places):
    out, err, error = run(write(tmp_path, "entries.csv", GOOD_CSV))
    assert error is None, err
    assert "2 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in out
    kl = CatalogueEntryPage.objects.get(external_id="kl-001")
    assert not kl.live
    assert kl.get_parent().pk == index.pk
    assert kl.language == "da" and kl.year == 2019
    assert [m.name for m in kl.municipalities.all()] == ["Aarhus"]
    assert sorted(t.name for t in kl.tags.all()) == [
        "kompetenceprofiler",
        "velfærdsteknologi",
    ]
    assert sorted(c.code for c in kl.competences.all()) == ["1.1", "2.4"]
    assert kl.how.raw_data[0]["value"] == (
        "<p>Første afsnit.</p><p>Andet afsnit med &lt;b&gt;tegn&lt;/b&gt; &amp; mere.</p>"
    )
    halland = CatalogueEntryPage.objects.get(external_id="halland-7")
    # By official code and by slug.
    assert sorted(m.name for m in halland.municipalities.all()) == [
        "Halmstad",
        "Laholm",
    ]
    assert list(ClassifiedPage.objects.in_catalogue()) == []


def test_publish_puts_entries_in_the_catalogue(client, tmp_path, index, places):
    _out, err, error = run(write(tmp_path, "entries.csv", GOOD_CSV), "--publish")
    assert error is None, err
    assert CatalogueEntryPage.objects.live().count() == 2
    html = client.get("/catalogue/").content.decode()
    assert "Digga Halland" in html
    assert (
        "&lt;b&gt;tegn"
        in client.get(
            CatalogueEntryPage.objects.get(external_id="kl-001").url
        ).content.decode()
    )


def test_valid_json_with_lists(tmp_path, index, places):
    rows = [
        {
            "external_id": "ks-1",
            "title": "Digital kompetanseplattform",
            "summary": "KS tilbyr kommunene en plattform for kunnskap før workshopene.",
            "language": "nb",
            "municipality": ["Bergen"],
            "country": "NO",
            "tags": ["velferdsteknologi", "kompetanse"],
            "competences": ["2.4", "5.4"],
            "year": 2018,
            "sector": "administration",
            "target_groups": ["employees", "managers"],
            "who": "KS og kommunene",
            "effort": "medium",
        }
    ]
    _out, err, error = run(
        write(tmp_path, "entries.json", json.dumps(rows)), "--publish"
    )
    assert error is None, err
    page = CatalogueEntryPage.objects.get(external_id="ks-1")
    assert page.live and page.year == 2018 and page.effort == "medium"
    assert page.sector.slug == "administration"
    assert sorted(t.slug for t in page.target_groups.all()) == ["employees", "managers"]
    assert page.who == "KS og kommunene"


def test_file_kind_is_detected_from_content_without_extension(tmp_path, index, places):
    rows = [
        {"title": "Utan filändelse", "summary": "Sammanfattning.", "language": "sv"}
    ]
    _out, err, error = run(write(tmp_path, "entries.txt", json.dumps(rows)))
    assert error is None, err
    _out, err, error = run(
        write(tmp_path, "more", "title,summary,language\nCSV utan ändelse,Text.,sv\n")
    )
    assert error is None, err
    assert CatalogueEntryPage.objects.filter(title__icontains="utan").count() == 2


def test_bom_and_semicolon_separated_csv(tmp_path, index, places):
    text = '\ufefftitle;summary;language;municipality;tags\nMed BOM;Sammanfattning.;sv;Halmstad;"a;b"\n'
    _out, err, error = run(write(tmp_path, "excel.csv", text))
    assert error is None, err
    page = CatalogueEntryPage.objects.get(title="Med BOM")
    assert sorted(t.name for t in page.tags.all()) == ["a", "b"]


INVALID_ROWS = [
    # (CSV row without external_id, the reason's fragment)
    (",En sammanfattning.,,sv,,,,,", "title: this field is required"),
    ("Ingen sammanfattning,,,sv,,,,,", "summary: this field is required"),
    ("Fel språk,Text.,,xx,,,,,", "language: Value 'xx' is not a valid choice"),
    (
        "Gammalt år,Text.,,sv,,,,,1800",
        "year: Ensure this value is greater than or equal to 1990",
    ),
    ("Inget år,Text.,,sv,,,,,förra året", "year: “förra året” is not a year"),
    (
        "Okänd kompetens,Text.,,sv,,,,9.9,",
        "competences: unknown DigComp competence “9.9”",
    ),
    (
        "Okänd kommun,Text.,,sv,Atlantis,SE,,,",
        "municipality: unknown municipality “Atlantis”",
    ),
    ("Okänt land,Text.,,sv,Halmstad,XX,,,", "country: unknown country “XX”"),
    (
        "Tomma taggar,Text.,,sv,,,!!!;ok,,",
        "tags: Each tag needs at least one letter or digit.",
    ),
    (
        "Lång sammanfattning," + "x" * 601 + ",,sv,,,,,",
        "summary: ensure this value has at most 600 characters (it has 601)",
    ),
    (
        "T" * 10_000 + ",Text.,,sv,,,,,",
        "title: Ensure this value has at most 255 characters (it has 10000)",
    ),
]


def test_invalid_rows_are_reported_with_row_number_and_reason(tmp_path, index, places):
    header = "title,summary,body,language,municipality,country,tags,competences,year"
    text = header + "\n" + "\n".join(row for row, _reason in INVALID_ROWS) + "\n"
    before = state()
    out, err, error = run(write(tmp_path, "bad.csv", text))
    assert error is not None and error.returncode == 1
    assert f"{len(INVALID_ROWS)} rejected" in out
    lines = err.splitlines()
    for number, (_row, reason) in enumerate(INVALID_ROWS, start=2):
        line = next((line for line in lines if line.startswith(f"Row {number}: ")), "")
        assert reason in line, (number, line)
    # The 10,000-character title is not echoed back in full.
    assert max(len(line) for line in lines) < 1000
    assert state() == before


def test_mixed_file_imports_good_rows_and_leaves_nothing_of_bad_ones(
    tmp_path, index, places
):
    text = (
        "title,summary,language,municipality,country,tags,year\n"
        "Bra rad,Text.,sv,Halmstad,SE,bra-tagg,2020\n"
        # Would create a municipality and a tag, but the year is wrong.
        "Dålig rad,Text.,sv,Nyköping,SE,dålig-tagg,1500\n"
        "Också bra,Text.,nb,Ny kommune,NO,,2021\n"
    )
    before = state()
    out, err, error = run(
        write(tmp_path, "mixed.csv", text), "--create-municipalities", "--publish"
    )
    assert error is not None
    assert "2 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in out
    assert err.startswith("Row 3: year:")
    assert set(CatalogueEntryPage.objects.values_list("title", flat=True)) == {
        "Bra rad",
        "Också bra",
    }
    assert not Municipality.objects.filter(name="Nyköping").exists()
    assert not Tag.objects.filter(name="dålig-tagg").exists()
    created = Municipality.objects.get(name="Ny kommune")
    assert created.country.code == "NO" and created.official_code == ""
    assert "without an official code" in out
    assert state()["municipalities"] == before["municipalities"] + 1


def test_create_municipalities_needs_the_option_and_a_country(tmp_path, index, places):
    path = write(
        tmp_path,
        "new.csv",
        "title,summary,language,municipality,country\nA,Text.,sv,Nyby,SE\nB,Text.,sv,Annanby,\n",
    )
    _out, err, error = run(path)
    assert error is not None
    assert "Row 2: municipality: unknown municipality “Nyby”; use a name" in err
    _out, err, error = run(path, "--create-municipalities")
    assert (
        "Row 3: municipality: unknown municipality “Annanby”; give its country" in err
    )
    assert Municipality.objects.filter(name="Nyby").count() == 1
    # A second row naming the new municipality finds it instead of creating another.
    _out, err, error = run(
        write(
            tmp_path,
            "again.csv",
            "title,summary,language,municipality,country\nC,Text.,sv,nyby,SE\n",
        ),
        "--create-municipalities",
    )
    assert error is None, err
    assert Municipality.objects.filter(name="Nyby").count() == 1


def test_ambiguous_municipality_needs_the_country(tmp_path, index, places):
    from tests.factories import MunicipalityFactory

    MunicipalityFactory(name="Bergen", official_code="9999", country__code="SE")
    path = write(
        tmp_path,
        "a.csv",
        "title,summary,language,municipality,country\nA,Text.,sv,Bergen,\nB,Text.,nb,Bergen,NO\n",
    )
    _out, err, error = run(path)
    assert (
        "Row 2: municipality: “Bergen” matches several municipalities; give the country."
        in err
    )
    assert (
        CatalogueEntryPage.objects.get(title="B").municipalities.get().country.code
        == "NO"
    )


def test_dry_run_writes_nothing(tmp_path, index, places):
    before = state()
    out, err, error = run(
        write(tmp_path, "entries.csv", GOOD_CSV), "--dry-run", "--publish"
    )
    assert error is None, err
    assert "2 created, 0 updated" in out and "Dry run: nothing was written." in out
    assert state() == before
    # Rejections are still found and reported.
    out, err, error = run(
        write(tmp_path, "bad.csv", "title,summary,language\nA,Text.,xx\n"), "--dry-run"
    )
    assert error is not None and "Row 2: language" in err
    assert state() == before


def test_reimport_changes_nothing_and_changes_update(tmp_path, index, places):
    path = write(tmp_path, "entries.csv", GOOD_CSV)
    run(path, "--publish")
    before = state()
    out, err, error = run(path, "--publish")
    assert error is None, err
    assert "0 created, 0 updated, 2 unchanged" in out
    assert state() == before
    out, _err, _error = run(path)
    assert "0 created, 0 updated, 2 unchanged" in out

    changed = GOOD_CSV.replace("Ett samverkansprojekt", "Ett nytt samverkansprojekt")
    out, _err, error = run(write(tmp_path, "changed.csv", changed))
    assert error is None
    assert "0 created, 1 updated, 1 unchanged" in out
    page = CatalogueEntryPage.objects.get(external_id="halland-7")
    # Without --publish the change waits as a draft; the live page is as before.
    assert page.summary.startswith("Ett samverkansprojekt")
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().summary.startswith("Ett nytt")
    out, _err, _error = run(write(tmp_path, "changed.csv", changed), "--publish")
    assert "0 created, 1 updated, 1 unchanged" in out
    page.refresh_from_db()
    assert page.summary.startswith("Ett nytt") and not page.has_unpublished_changes


def test_columns_left_out_are_left_alone(tmp_path, index, places):
    run(write(tmp_path, "entries.csv", GOOD_CSV), "--publish")
    path = write(
        tmp_path,
        "few.csv",
        "external_id,title,summary,language\nkl-001,Digitale kompetencer for alle,Ny tekst.,da\n",
    )
    out, _err, error = run(path, "--publish")
    assert error is None and "1 updated" in out
    page = CatalogueEntryPage.objects.get(external_id="kl-001")
    assert page.summary == "Ny tekst."
    assert page.year == 2019 and page.tags.count() == 2 and page.how


def test_duplicate_external_id_in_a_file(tmp_path, index, places):
    text = "external_id,title,summary,language\nx-1,A,Text.,sv\nx-1,B,Text.,sv\n"
    _out, err, error = run(write(tmp_path, "dup.csv", text))
    assert "Row 3: external_id “x-1” already appears in row 2." in err
    assert CatalogueEntryPage.objects.filter(external_id="x-1").get().title == "A"


def test_json_rows_are_numbered_from_one(tmp_path, index, places):
    rows = [
        {"title": "Bra", "summary": "Text.", "language": "sv"},
        {"title": "Utan språk", "summary": "Text."},
        ["inte", "ett", "objekt"],
        {"title": "Okänt fält", "summary": "Text.", "language": "sv", "colour": "blå"},
        {"title": {"sv": "nästlad"}, "summary": "Text.", "language": "sv"},
    ]
    out, err, error = run(write(tmp_path, "rows.json", json.dumps(rows)))
    assert "1 created" in out and "4 rejected" in out
    assert "Row 2: language: this field is required" in err
    assert "Row 3: Expected an object" in err
    assert "Row 4: Unknown fields: colour." in err
    assert "Row 5: title: must be text" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "Cannot read"),
        (
            "latin1.csv",
            "title,summary,language\nÅr,Text,sv\n".encode("latin-1"),
            "is not UTF-8 text",
        ),
        ("object.json", '{"title": "A"}', "must hold a JSON array"),
        ("broken.json", "[{", "is not valid JSON"),
        ("columns.csv", "title,summary\nA,B\n", "lacks the required columns: language"),
        (
            "unknown.csv",
            "title,summary,language,titel\nA,B,sv,C\n",
            "Unknown columns: titel",
        ),
        ("empty.csv", "", "has no header row"),
    ],
)
def test_unreadable_or_wrong_shaped_files(tmp_path, index, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    _out, _err, error = run(path)
    assert error is not None and error.returncode == 1
    assert message in str(error)


def test_import_needs_the_catalogue_page(tmp_path, db):
    _out, _err, error = run(
        write(tmp_path, "entries.csv", "title,summary,language\nA,B,sv\n")
    )
    assert error is not None and "no catalogue page" in str(error)


def test_long_files_report_progress(tmp_path, index):
    rows = "\n".join(f"Rad {n},Text.,sv" for n in range(250))
    out, err, error = run(
        write(tmp_path, "long.csv", "title,summary,language\n" + rows + "\n"),
        "--dry-run",
    )
    assert error is None
    assert "… 100 of 250 rows" in err and "… 250 of 250 rows" in err
    assert "250 created" in out


def test_rows_of_other_types_are_skipped(tmp_path, index):
    text = "type,title,summary,language\nstory,En berättelse,Text.,sv\nentry,En praktik,Text.,sv\n"
    out, _err, error = run(write(tmp_path, "types.csv", text))
    assert error is None
    assert "1 created, 0 updated, 0 unchanged, 1 skipped, 0 rejected." in out


def test_body_markup_is_stored_as_text(tmp_path, index, client):
    rows = [
        {
            "title": "Skript",
            "summary": "<script>alert(1)</script>",
            "body": "<img src=x onerror=alert(1)>",
            "language": "sv",
        }
    ]
    run(write(tmp_path, "x.json", json.dumps(rows)), "--publish")
    page = CatalogueEntryPage.objects.get(title="Skript")
    html = client.get(page.url).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<script>alert(1)" not in html


def test_help_documents_every_field_and_option():
    parser = load_command_class("catalogue", "import_catalogue").create_parser(
        "manage.py", "import_catalogue"
    )
    text = parser.format_help()
    for name in IMPORT_FIELDS + [
        "--dry-run",
        "--publish",
        "--create-municipalities",
        "Exit status 1",
        "row 1",
    ]:
        assert name in text, name


def test_url_of_an_exported_entry_updates_it(tmp_path, index, client):
    page = make_entry(index, "Skrivet på sajten")
    url = page.get_full_url()
    text = f"external_id,title,summary,language,url\n,Skrivet på sajten,Ny text.,sv,{url}\n"
    out, _err, error = run(write(tmp_path, "u.csv", text), "--publish")
    assert error is None and "1 updated" in out
    page.refresh_from_db()
    assert page.summary == "Ny text."
    assert CatalogueEntryPage.objects.count() == 1


def test_created_municipalities_without_codes_do_not_clash(tmp_path, index, places):
    path = write(
        tmp_path,
        "two.csv",
        "title,summary,language,municipality,country\n"
        "A,Text.,nb,Nyby,NO\nB,Text.,nb,Annanby,NO\n",
    )
    out, err, error = run(path, "--create-municipalities")
    assert error is None, err
    created = Municipality.objects.filter(name__in=["Nyby", "Annanby"])
    assert sorted(created.values_list("official_code", flat=True)) == ["", ""]
    # Importing the same file again finds them by name and creates nothing more.
    run(path, "--create-municipalities")
    assert Municipality.objects.filter(name__in=["Nyby", "Annanby"]).count() == 2
