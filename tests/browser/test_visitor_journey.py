"""Journey 1 (issue 14): a visitor lands on the home page, switches to Danish with the
language switcher, searches, filters by country, opens a Swedish story, plays its
film with captions on and jumps to a caption hit, where the player stands at the
cue. Once by mouse at desktop size, once on a 390×844 phone, once by keyboard only;
axe-core on every page, and the `page` fixture fails on any console error."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import accessible
from tests.browser.keyboard import Keyboard

PHONE = {"width": 390, "height": 844}
# A word of the film's Danish captions ("Ambassadørerne viser kollegerne trin for
# trin", said 4 s in); the Swedish story that shows the film has it too.
QUERY = "kollegerne"
STORY = "Digga Halland: sex kommuner filmade sina lokala aktiviteter"
FILM = "Surfplattan i hemtjänsten"
CUE = 4.0

PLAYING_WITH_CAPTIONS = """() => {
  const video = document.querySelector("main video");
  const track = [...video.textTracks].find((t) => t.mode === "showing");
  return !video.paused && video.currentTime > 0.5 && track !== undefined
    && track.activeCues !== null && track.activeCues.length > 0;
}"""

AT_THE_CUE = """(cue) => {
  const video = document.querySelector("main video");
  if (!video || video.readyState < 1 || video.seeking) return false;
  const track = [...video.textTracks].find((t) => t.mode === "showing");
  const active = track && track.activeCues ? [...track.activeCues] : [];
  return Math.abs(video.currentTime - cue) < 0.5
    && active.some((c) => Math.abs(c.startTime - cue) < 0.01);
}"""


def open_menu(page):
    """On a phone the header folds behind the menu button: open it when folded."""
    toggle = page.locator(".site-menu__toggle")
    if toggle.is_visible() and page.locator("details.site-menu[open]").count() == 0:
        toggle.click()


def caption_hit(page):
    """The film's result, said at the cue: its link starts the film there."""
    said = page.locator(".results li").filter(has_text="Sagt 4 s inde i videoen")
    return said.get_by_role("link", name=FILM)


def danish_results_for_sweden(page):
    """Home page to the Danish results filtered by Sweden, by mouse."""
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    accessible(page)
    open_menu(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    accessible(page)
    open_menu(page)
    search = page.get_by_role("combobox", name="Søg på Dela")
    search.fill(QUERY)
    with page.expect_navigation():
        search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søg")
    accessible(page)
    facets = page.get_by_role("form", name="Filtrér")
    facets.get_by_role("checkbox", name=re.compile(r"^Sverige")).check()
    with page.expect_navigation():
        facets.get_by_role("button", name="Filtrér").click()
    assert "country=SE" in page.url
    results = page.locator(".results .result__title")
    expect(results.filter(has_text=STORY)).to_have_count(1)
    expect(results.filter(has_text="Skærmbesøg")).to_have_count(0)
    accessible(page)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_visitor_finds_a_swedish_story_in_danish_and_its_film_at_a_caption(
    page, screen
):
    if screen == "phone":
        page.set_viewport_size(PHONE)
    danish_results_for_sweden(page)

    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=STORY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(STORY)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    accessible(page)
    video = page.get_by_role("main").locator("video")
    video.scroll_into_view_if_needed()
    video.click()  # the player's own play button, over the middle of the film
    page.wait_for_function(PLAYING_WITH_CAPTIONS, timeout=15000)

    # Back to the results: the film's caption hit starts it at the cue.
    page.go_back()
    hit = caption_hit(page)
    expect(hit).to_have_attribute("href", re.compile(r"#t=4$"))
    with page.expect_navigation():
        hit.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FILM)
    page.wait_for_function(AT_THE_CUE, arg=CUE, timeout=15000)
    assert page.evaluate("() => document.activeElement.tagName") == "VIDEO"
    accessible(page)


def test_the_visitor_journey_by_keyboard_only(page):
    keys = Keyboard(page)
    page.goto("/")
    keys.tab_to(page.get_by_role("button", name="Dansk"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    search = page.get_by_role("combobox", name="Søg på Dela")
    keys.tab_to(search)
    page.keyboard.type(QUERY)
    expect(search).to_have_value(QUERY)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    facets = page.get_by_role("form", name="Filtrér")
    sweden = facets.get_by_role("checkbox", name=re.compile(r"^Sverige"))
    keys.tab_to(sweden)
    page.keyboard.press("Space")
    expect(sweden).to_be_checked()
    keys.tab_to(facets.get_by_role("button", name="Filtrér"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "country=SE" in page.url

    keys.tab_to(page.get_by_role("main").get_by_role("link", name=STORY))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(STORY)
    keys.tab_to(page.get_by_role("main").locator("video"))
    page.keyboard.press("Space")  # the focused player plays
    page.wait_for_function(PLAYING_WITH_CAPTIONS, timeout=15000)

    page.go_back()
    keys.tab_to(caption_hit(page))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(FILM)
    page.wait_for_function(AT_THE_CUE, arg=CUE, timeout=15000)
    assert page.evaluate("() => document.activeElement.tagName") == "VIDEO"
