"""Search as a visitor meets it: typing without å/ä/ö in one language finds the
neighbours' words, the autocomplete works by keyboard, a facet narrows, WCAG AA."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def test_search_across_languages_with_autocomplete_and_facets(page):
    page.goto("/search/")
    box = page.get_by_role("combobox", name="Sök efter")
    box.fill("hemtj")
    option = page.get_by_role("option").first
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("Escape")
    box.fill("valfardsteknik")
    with page.expect_navigation():
        box.press("Enter")
    results = page.locator(".results .result__title")
    expect(results.filter(has_text="Velferdsteknologiambassadører")).to_have_count(1)
    expect(results.filter(has_text="Skærmbesøg i hjemmeplejen")).to_have_count(1)
    results_axe = Axe().run(page, options=WCAG_AA)
    assert results_axe.violations_count == 0, results_axe.generate_report()
    page.get_by_role("checkbox", name="Danska").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrera").click()
    assert "language=da" in page.url
    expect(results.filter(has_text="Velferdsteknologiambassadører")).to_have_count(0)
    expect(results.filter(has_text="Skærmbesøg i hjemmeplejen")).to_have_count(1)
