"""The network as two demo ambassadors meet it: find each other in the directory, talk
in a thread (with the preview), and every page passes axe (WCAG 2.1 AA). Selectors
use addresses and ids, not texts, so the translation pass does not break them."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

DEMO_PASSWORD = "dela-demo-2026"
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/profile/")


def _accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_ambassadors_find_each_other_and_talk(page):
    page.goto("/network/")
    _accessible(page)
    _log_in(page, "ambassador@dela.example")

    page.goto("/ambassadors/?region=hallands-lan")
    expect(page.locator(".person-card", has_text="Elin Sjöberg")).to_be_visible()
    _accessible(page)

    page.goto("/network/c/valfardsteknik/")
    _accessible(page)
    page.locator(".thread-row__title").filter(has_text="nattpersonalen").click()
    expect(page.locator(".solution-box")).to_be_visible()
    _accessible(page)

    body = page.locator("#id_body")
    body.fill("Vi kan ses på **nätverksträffen**, ")
    body.press("End")
    body.press_sequentially("@elin")  # suggestions, a listbox used by keyboard
    option = page.get_by_role("listbox").get_by_role("option", name=re.compile("elin"))
    expect(option.first).to_be_visible()
    expect(page.locator("#mention-status")).to_contain_text("1")
    _accessible(page)
    body.press("ArrowDown")
    expect(option.first).to_have_attribute("aria-selected", "true")
    body.press("Enter")
    expect(body).to_have_value("Vi kan ses på **nätverksträffen**, @elin-sjoberg ")
    expect(page.get_by_role("listbox")).to_be_hidden()
    page.locator("[data-preview-for]").click()
    expect(page.locator("#reply-preview strong")).to_have_text("nätverksträffen")
    page.locator("#reply-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*#post-\d+$"))
    expect(page.locator(".post").last.locator(".mention")).to_have_text("@elin-sjoberg")
