"""The editors' query report from a reader's clicks: a result followed on /search/ and
a suggestion picked in the header's box go through the click counter to their page;
once the log's batch is written, the editor finds the query with its followed results
in the report and in the trends chart's table (WCAG AA)."""

import re

from playwright.sync_api import expect

from tests.browser.journeys import accessible, log_in

QUERY = "hemtjänst"


def test_followed_results_reach_the_editors_report(page, browser, dela_server):
    page.goto(f"/search/?q={QUERY}")
    first = page.locator(".results .result__title a").first
    expect(first).to_have_attribute(
        "href", re.compile(r"^/search/click/\?q=hemtj%C3%A4nst&to=/")
    )
    title = first.inner_text()
    with page.expect_navigation() as navigation:
        first.click()
    response = navigation.value
    assert "/search/click/" in response.request.redirected_from.url
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # A suggestion picked in the header's box, on another page, is counted too.
    page.goto("/videos/")
    box = page.locator("#site-search-q")
    box.press_sequentially("niond")
    options = page.locator("#site-search-q-listbox [role=option]")
    page_option = options.filter(has_text="Sida").first  # a page: it has a link
    expect(page_option).to_be_visible()
    with page.expect_navigation() as navigation:
        page_option.click()
    assert "/search/click/?q=niond&to=%2Fstories%2Fniondeklassare" in (
        navigation.value.request.redirected_from.url
    )

    # The log is written in batches of 25 searches and clicks (or a minute): these
    # fill the server's batch, so what the reader did above is written too.
    for _ in range(25):
        page.request.get("/search/click/?q=batchfyllnad&to=/")

    editor = browser.new_context(base_url=dela_server.url, locale="sv-SE").new_page()
    try:
        log_in(editor, "editor@dela.example")
        editor.goto(f"/admin/snippets/dela_search/querystat/?q={QUERY}")
        expect(editor.locator("table tbody td.title", has_text=QUERY)).to_be_visible()
        # Followed: not among the queries whose results nobody followed.
        editor.goto(
            f"/admin/snippets/dela_search/querystat/?q={QUERY}&outcome=not_followed"
        )
        expect(editor.locator("table tbody td.title", has_text=QUERY)).to_have_count(0)
        editor.goto("/admin/search_trends/?weeks=4")
        table = editor.get_by_role("table", name="Sökningar per vecka, Svenska")
        expect(table.get_by_role("rowheader", name=QUERY)).to_be_visible()
        expect(editor.locator("svg[role=img] polyline").first).to_be_visible()
        accessible(editor)
    finally:
        editor.context.close()
