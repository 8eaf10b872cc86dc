"""Dela on a phone (issue 14): at 390×844 the header stays under a fifth of the first
screen behind a menu button, the button opens the menu by touch and by keyboard, no
page scrolls sideways, and the menu's targets are at least 24×24 CSS px."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
PAGES = [
    "/",
    "/search/?q=ombud",
    "/stories/",
    "/catalogue/",
    "/events/",
    "/network/",
    "/ambassadors/",
    "/videos/",
]


# The header's visible links and buttons smaller than 24×24 CSS px, by their text.
SMALL_TARGETS = """() =>
  [...document.querySelectorAll("header a, header button, header summary")]
    .filter((element) => element.offsetParent !== null)
    .map((element) => [element.textContent.trim(), element.getBoundingClientRect()])
    .filter(([, box]) => box.width < 24 || box.height < 24)
    .map(([text, box]) =>
      `${text} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_the_header_folds_behind_a_menu_button(phone):
    phone.goto("/")
    header = phone.get_by_role("banner").bounding_box()
    assert header["height"] < PHONE["height"] / 5, header
    search = phone.get_by_role("combobox", name="Sök på Dela")
    expect(search).to_be_hidden()

    phone.get_by_text("Meny", exact=True).click()
    expect(search).to_be_visible()
    expect(phone.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    phone.get_by_text("Meny", exact=True).click()
    expect(search).to_be_hidden()


def test_the_menu_button_works_by_keyboard(phone):
    phone.goto("/")
    toggle = phone.locator(".site-menu__toggle")
    for _ in range(6):  # skip link, brand, then the button
        phone.keyboard.press("Tab")
        if toggle.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the menu button never got the focus")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("combobox", name="Sök på Dela")).to_be_visible()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_and_targets_are_big_enough(phone, path):
    phone.goto(path)
    phone.locator(".site-menu__toggle").click()
    widths = phone.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], f"{path} scrolls sideways: {widths}"
    small = phone.evaluate(SMALL_TARGETS)
    assert small == [], small
