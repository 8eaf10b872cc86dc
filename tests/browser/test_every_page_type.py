"""Every page type in all four languages (issue 14): axe-core finds no WCAG 2.1 A/AA
violation, logged out and as an ambassador, and a screenshot of each at desktop and
phone size goes to var/screenshots/ (git-ignored) for a person to look at."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("DELA_SCREENSHOTS") or ROOT / "var" / "screenshots")
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}
LANGUAGES = {"sv": "sv-SE", "nb": "nb-NO", "da": "da-DK", "en": "en-GB"}
# Page types by an address of the demo, or by the first link of a listing.
PAGE_TYPES = {
    "home": "/",
    "search": "/search/?q=digitalisering",
    "stories": "/stories/",
    "story": ("/stories/", ".card__title a"),
    "catalogue": "/catalogue/?country=SE",
    "entry": ("/catalogue/", ".catalogue-card__title a"),
    "events": "/events/",
    "event": ("/events/", ".event-card__title a"),
    "videos": "/videos/",
    "network": "/network/",
    "thread": ("/network/c/valfardsteknik/", ".thread-row__title"),
    "directory": "/ambassadors/",
    "accessibility": "/tillganglighet/",
}


def _open(page, target):
    if isinstance(target, str):
        page.goto(target)
        return
    listing, link = target
    page.goto(listing)
    with page.expect_navigation():
        page.locator(link).first.click()


def _sweep(page, language, who):
    problems = []
    for name, target in PAGE_TYPES.items():
        _open(page, target)
        assert page.locator("html").get_attribute("lang") == language, name
        results = Axe().run(page, options=WCAG_AA)
        if results.violations_count:
            problems.append(f"{name} ({page.url}):\n{results.generate_report()}")
        for size, viewport in (("desktop", (1280, 900)), ("phone", (390, 844))):
            page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{language}-{who}-{size}.png"))
        page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_for_a_visitor(browser, dela_server, language):
    context = browser.new_context(base_url=dela_server.url, locale=LANGUAGES[language])
    context.add_cookies(
        [{"name": "dela_language", "value": language, "url": dela_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        _sweep(page, language, "visitor")
    finally:
        context.close()
    assert not errors, errors


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_type_for_an_ambassador(browser, dela_server, language):
    context = browser.new_context(base_url=dela_server.url, locale=LANGUAGES[language])
    context.add_cookies(
        [{"name": "dela_language", "value": language, "url": dela_server.url}]
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("ambassador@dela.example")
    page.locator("input[name=password]").fill("dela-demo-2026")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/profile/")
    try:
        _sweep(page, language, "ambassador")
    finally:
        context.close()
