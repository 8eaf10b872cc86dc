"""Every page type in all four languages (issue 14): axe-core finds no WCAG 2.1 A/AA
violation, logged out and as each role (ambassador, member, moderator, editor, admin,
with each role's own pages), no page scrolls sideways on a 390 px phone, and a
screenshot of each at desktop and phone size goes to var/screenshots/ (git-ignored)
for a person to look at."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.journeys import log_in

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
    "competence": "/competence/",
    "paths": "/paths/",
    "path": ("/paths/", ".card h2 a"),
    "municipality": "/municipalities/halmstad/",
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


def _sweep(page, language, who, pages=PAGE_TYPES):
    problems = []
    for name, target in pages.items():
        _open(page, target)
        assert page.locator("html").get_attribute("lang") == language, name
        results = Axe().run(page, options=WCAG_AA)
        if results.violations_count:
            problems.append(f"{name} ({page.url}):\n{results.generate_report()}")
        for size, viewport in (("desktop", (1280, 900)), ("phone", (390, 844))):
            page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
            scroll, width = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > width:
                problems.append(f"{name} ({page.url}) scrolls sideways at {size} size")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{language}-{who}-{size}.png"))
        page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, "\n\n".join(problems)


@contextmanager
def _reader(browser, dela_server, language, role=None):
    """A page reading the site in `language`, signed in as `role` when given; a
    JavaScript error on any page it opens fails the test."""
    context = browser.new_context(base_url=dela_server.url, locale=LANGUAGES[language])
    context.add_cookies(
        [{"name": "dela_language", "value": language, "url": dela_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        if role:
            log_in(page, f"{role}@dela.example")
        yield page
    finally:
        context.close()
    assert not errors, errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_for_a_visitor(browser, dela_server, language):
    with _reader(browser, dela_server, language) as page:
        _sweep(page, language, "visitor")


# Each role's own pages besides the page types; every role is read in every language.
ROLE_PAGES = {
    "ambassador": {"submissions": "/stories/drafts/", "share": "/stories/share/"},
    "member": {
        "profile": "/accounts/profile/",
        "notifications": "/network/notifications/",
        "bookmarks": "/network/bookmarks/",
        "preferences": "/network/preferences/",
        "self-assessment": "/competence/assessment/",
        "my paths": "/competence/paths/",
    },
    "moderator": {
        "moderation": "/network/moderation/",
        "moderation log": "/network/moderation/log/",
    },
    "editor": {"programme": "/competence/programme/"},
    "admin": {},
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLE_PAGES)
def test_every_page_type_for_each_role(browser, dela_server, role, language):
    with _reader(browser, dela_server, language, role) as page:
        _sweep(page, language, role, {**PAGE_TYPES, **ROLE_PAGES[role]})


# The admin pages editors use, by address or by a link on a listing.
ADMIN_PAGES = {
    "dashboard": "/admin/",
    "page explorer": "/admin/pages/",
    "story editor": (
        "/admin/pages/search/?q=Digga+Halland",
        "td.title a[href$='/edit/']",
    ),
    "catalogue import": "/admin/catalogue/import/",
    "search synonyms": "/admin/snippets/dela_search/synonym/",
    "search query report": "/admin/snippets/dela_search/querystat/",
    "search trends": "/admin/search_trends/?weeks=4",
    "programme leads": "/admin/snippets/competence/programmelead/",
    "programme lead form": "/admin/snippets/competence/programmelead/add/",
    "workflow tasks": "/admin/reports/workflow_tasks/",
    "workflows": "/admin/reports/workflow/",
}
# Rules that fail in Wagtail's own admin markup on one admin page, which Dela does
# not copy Wagtail's templates to fix (listed in the README with the plan).
WAGTAIL_RULES = {
    "story editor": [
        # Draftail's contenteditable textbox gets no name from the field's <label>
        # (wagtail/wagtail#14205, open; fixes proposed in #14210).
        "aria-input-field-name",
        # The tag field's jQuery tag-it input (.ui-autocomplete-input) has no label
        # of its own: the <label> names the hidden input it replaces (no Wagtail
        # issue found).
        "label",
    ],
}
SERIOUS = {"serious", "critical"}


def _log_some_searches(page):
    """Searches and followed results in the query log, so that the search trends
    page draws its chart and table: the log is written in batches of 25 searches
    and clicks (SEARCH_QUERY_LOG_BATCH), which the clicks fill."""
    for query in ("hemtjänst", "välfärdsteknik", "eldre"):
        page.request.get("/search/", params={"q": query})
    for _ in range(25):
        page.request.get("/search/click/", params={"q": "hemtjänst", "to": "/"})


@pytest.mark.parametrize(
    ("role", "language"),
    [("editor", "sv"), ("editor", "nb"), ("admin", "en"), ("admin", "da")],
)
def test_the_admin_pages_editors_use(browser, dela_server, role, language):
    """No serious or critical axe-core violation, in each language; moderate and
    minor ones are printed (the README lists them)."""
    problems = []
    with _reader(browser, dela_server, language, role) as page:
        _log_some_searches(page)
        for name, target in ADMIN_PAGES.items():
            _open(page, target)
            if name == "search trends":  # swept with its chart and table drawn
                expect(page.locator("svg[role=img] polyline").first).to_be_visible()
                expect(page.locator("table tbody th[scope=row]").first).to_be_visible()
            options = WCAG_AA
            if name in WAGTAIL_RULES:
                disabled = {rule: {"enabled": False} for rule in WAGTAIL_RULES[name]}
                options = {**WCAG_AA, "rules": disabled}
            results = Axe().run(page, options=options)
            for violation in results.response["violations"]:
                line = (
                    f"{name} ({page.url}): {violation['id']} ({violation['impact']}) "
                    f"{[node['target'] for node in violation['nodes']][:5]}"
                )
                if violation["impact"] in SERIOUS:
                    problems.append(line)
                else:
                    print("moderate or minor:", line)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(
                    SHOTS / f"admin-{name}-{language}-{role}.png".replace(" ", "-")
                )
            )
    assert not problems, "\n".join(problems)
