"""Journey 7 (issue 14): an editor curates the inspiration catalogue in the Wagtail
admin. She imports a CSV file of practice entries in which one row is wrong: the bad
row is reported with its number and reason and nothing of it is saved, the good rows
are in. She makes one new entry an editor's pick, puts the other in a themed
collection, and promotes the first as the recommended result of a search. A visitor
then meets all of it on the site, filters the catalogue to the new entries and
downloads the filtered catalogue as a CSV file holding exactly those rows."""

import csv
import re
import time

from playwright.sync_api import expect

from tests.browser.journeys import accessible

PICKED = "Digitala kaffestugor i Falkenberg"
COLLECTED = "Skärmfri fredag på biblioteket i Kungsbacka"
BAD = "Rad med ett språk som inte finns"
COLLECTION = "Digital delaktighet 65+"
SEARCH_WORDS = "fika"
# The demo catalogue has no entry from this year: the facet picks out the import.
YEAR = "2024"
IMPORT_FILE = f"""\
title,summary,language,municipality,country,tags,competences,year
{PICKED},Seniorer lär varandra e-legitimation över en kopp kaffe på fritidsgården.,\
sv,Falkenberg,SE,fika;65+,2.4,{YEAR}
{BAD},Språkkoden xx finns inte.,xx,Halmstad,SE,fika,2.4,{YEAR}
{COLLECTED},Biblioteket visar appar för bokning och e-tjänster varje fredag.,\
sv,Kungsbacka,SE,65+;bibliotek,1.1,{YEAR}
"""


def open_in_admin(editor, title):
    """Find a page with the admin's search and open its editor."""
    editor.goto("/admin/pages/search/")
    search = editor.get_by_role("main").get_by_role("textbox", name="Sökterm")
    search.fill(title)
    search.press("Enter")
    with editor.expect_navigation():
        editor.get_by_role("main").locator("a[href*='/edit/']").filter(
            has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")
        ).click()
    expect(editor.locator("#id_title")).to_have_value(title)


def choose_page(editor, chooser_button, title):
    """Open a page chooser, search for ``title`` and choose it."""
    chooser_button.click()
    modal = editor.locator(".modal")
    expect(modal).to_be_visible()
    search = modal.get_by_role("textbox", name="Sökterm")
    found = modal.get_by_role("link", name=title, exact=True)
    # A new page reaches the admin's search index through the task worker, which
    # may still be busy with the demo content: search again, as a person would.
    deadline = time.monotonic() + 120
    while True:
        search.fill(title)
        try:
            expect(found).to_be_visible(timeout=3000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            search.fill("")
    found.click()
    expect(modal).to_be_hidden()


def publish(editor):
    editor.get_by_role("button", name="Fler åtgärder").click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Publicera", exact=True).click()
    expect(editor.locator(".messages")).to_contain_text("publicerad")


def test_an_editor_curates_the_catalogue_and_a_visitor_exports_it(people, tmp_path):
    editor = people("editor@dela.example")

    # The import, from the admin's menu: one bad row among good ones.
    upload = tmp_path / "katalog.csv"
    upload.write_text(IMPORT_FILE, encoding="utf-8")
    editor.goto("/admin/")
    with editor.expect_navigation():
        editor.get_by_role("link", name="Importera katalogexempel").click()
    editor.get_by_label(re.compile(r"^\s*Fil\b")).set_input_files(upload)
    editor.get_by_label("Publicera de importerade exemplen").check()
    with editor.expect_navigation():
        editor.get_by_role("main").get_by_role("button", name="Importera").click()
    report = editor.get_by_role("region", name="Resultat av importen av katalog.csv")
    expect(report).to_contain_text(
        "2 skapade, 0 uppdaterade, 0 oförändrade, 0 överhoppade, 1 avvisade."
    )
    rejected = report.get_by_role("list", name=re.compile("Avvisade rader"))
    expect(rejected.get_by_role("listitem")).to_have_count(1)
    expect(rejected).to_contain_text(re.compile(r"Rad 3: language: .*xx"))
    created = report.get_by_role("list", name="Skapade exempel")
    expect(created.get_by_role("link")).to_have_text([PICKED, COLLECTED])
    accessible(editor)

    # An editor's pick on the catalogue front.
    open_in_admin(editor, "Inspirationskatalogen")
    picks = editor.locator("#id_editors_picks-FORMS > [data-inline-panel-child]")
    before = picks.count()
    editor.locator("#id_editors_picks-ADD").click()
    expect(picks).to_have_count(before + 1)
    choose_page(editor, picks.last.get_by_role("button", name="Välj en sida"), PICKED)
    expect(picks.last.locator(".chooser__title")).to_have_text(PICKED)
    publish(editor)

    # An item of a themed collection.
    open_in_admin(editor, COLLECTION)
    items = editor.locator("#id_items-FORMS > [data-inline-panel-child]")
    before = items.count()
    editor.locator("#id_items-ADD").click()
    expect(items).to_have_count(before + 1)
    choose_page(
        editor, items.last.get_by_role("button", name="Välj en sida"), COLLECTED
    )
    publish(editor)

    # A promoted search result (Wagtail's search promotions).
    editor.goto("/admin/searchpicks/")
    with editor.expect_navigation():
        editor.get_by_role("link", name="Lägg till ett nytt premierat resultat").click()
    editor.get_by_label("Sökterm/-fras").fill(SEARCH_WORDS)
    editor.locator("#id_editors_picks-ADD").click()
    choose_page(editor, editor.get_by_role("button", name="Välj en sida"), PICKED)
    editor.get_by_label("Beskrivning").fill("Så börjar ni med digitala fikaträffar.")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Skapa").click()
    expect(editor.get_by_role("main")).to_contain_text(SEARCH_WORDS)

    # A visitor meets the curation on the site.
    visitor = people()
    visitor.goto("/catalogue/")
    main = visitor.get_by_role("main")
    expect(
        main.get_by_role("region", name="Redaktionens val").get_by_role(
            "link", name=PICKED
        )
    ).to_be_visible()
    with visitor.expect_navigation():
        main.get_by_role("link", name=COLLECTION).first.click()
    expect(
        visitor.get_by_role("main").get_by_role("link", name=COLLECTED)
    ).to_be_visible()

    site_search = visitor.get_by_role("banner").get_by_role("search")
    site_search.get_by_role("combobox", name="Sök på Dela").fill(SEARCH_WORDS)
    with visitor.expect_navigation():
        site_search.get_by_role("button", name="Sök").click()
    recommended = visitor.locator(".result--promoted")
    expect(recommended).to_have_count(1)
    expect(recommended.get_by_role("link")).to_have_text(PICKED)
    expect(recommended).to_contain_text("Så börjar ni med digitala fikaträffar.")

    # Filtered by the year, the catalogue shows the good rows and the export holds
    # exactly what the filter shows.
    visitor.goto("/catalogue/")
    facets = visitor.get_by_role("form", name="Filtrera")
    facets.get_by_role("checkbox", name=re.compile(rf"^{YEAR} \(2\)")).check()
    with visitor.expect_navigation():
        facets.get_by_role("button", name="Filtrera").click()
    assert f"year={YEAR}" in visitor.url
    listed = visitor.get_by_role("main").locator(".catalogue-card__title")
    expect(listed).to_have_count(2)
    expect(visitor.get_by_role("main")).not_to_contain_text(BAD)
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="CSV-fil").click()
    path = download.value.path()
    with open(path, encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert sorted(row["title"] for row in rows) == sorted([PICKED, COLLECTED])
    by_title = {row["title"]: row for row in rows}
    assert by_title[PICKED]["municipality"] == "Falkenberg"
    assert by_title[COLLECTED]["municipality"] == "Kungsbacka"
    assert {row["year"] for row in rows} == {YEAR}
    assert {row["type"] for row in rows} == {"entry"}
