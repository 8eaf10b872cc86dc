"""The foundation as a person meets it: accessibility, keyboard, languages, sign-up."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.accounts import sign_up

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}
DEMO_PASSWORD = "dela-demo-2026"


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def footer_link(page, name):
    return page.get_by_role("contentinfo").get_by_role("link", name=name)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search/?q=digitalisering",
        "/search/?q=ordsomintefinns",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/finns-inte/",
    ],
)
def test_public_pages_have_no_wcag_violations(page, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("contentinfo").count() == 1
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_footer_pages_are_accessible(page):
    page.goto("/")
    for name in ("Tillgänglighetsredogörelse", "Personuppgifter"):
        page.goto("/")
        with page.expect_navigation():
            footer_link(page, re.compile(name)).click()
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till huvudinnehållet"
    assert (
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_works_by_keyboard_and_keeps_the_page(page):
    page.goto("/accounts/login/")
    english = page.get_by_role("button", name="English")
    english.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/accounts/login/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Log in to Dela"
    with page.expect_navigation():
        page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert page.url.endswith("/accounts/login/")


def test_demo_ambassador_logs_in_and_sees_the_role(page):
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill("ambassador@dela.example")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_text("Digitaliseringsombud", exact=True).first.is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()


def test_sign_up_confirm_and_land_on_the_profile(page, dela_server):
    sign_up(page, dela_server, "ny.kollega@exempel.example", "ett-långt-lösenord-2026")
    assert page.get_by_text("Medlem", exact=True).first.is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/stories/",
        "/catalogue/",
        "/catalogue/?country=SE&language=sv",
        "/events/",
        "/events/past/",
    ],
)
def test_content_listings_have_no_wcag_violations(page, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    # The demo fills every listing; the first item's page must be accessible too.
    items = page.get_by_role("main").locator(
        ".card__title a, .catalogue-card__title a, .event-card__title a"
    )
    assert items.count() > 0, f"{path} lists nothing"
    with page.expect_navigation():
        items.first.click()
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_ambassador_share_form_is_accessible(page):
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill("ambassador@dela.example")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/accounts/profile/")
    for path in ("/stories/share/", "/stories/drafts/"):
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_accessible(page)
