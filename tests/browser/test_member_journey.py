"""Journey 2 (issue 14): a colleague signs up, confirms the address from the e-mail,
completes the profile, follows a tag, replies in a thread mentioning an ambassador
with the @-suggestions (by keyboard), and the ambassador finds the notification and
follows it to the reply; when the ambassador then starts a thread under the followed
tag, the colleague is told. Two people, two browser sessions, by clicking and typing;
axe-core checks each page on the way. On a desktop and on a phone (390×844, where the
header's links wait behind the menu button and no page may scroll sideways)."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import sign_up
from tests.browser.journeys import accessible

PASSWORD = "ett-långt-lösenord-för-nätverket-2026"
AMBASSADOR = "ambassador@dela.example"  # Sofia Bergkvist, Halmstad
THREAD = "Tips för ett digitalt café för seniorer?"
# A new colleague for each screen (the journey signs up once for each).
SCREENS = {
    "desktop": (
        {"width": 1280, "height": 900},
        ("nora.lind@varberg.example", "Nora", "Lind", "Varberg"),
    ),
    "phone": (
        {"width": 390, "height": 844},
        ("nils.berg@falkenberg.example", "Nils", "Berg", "Falkenberg"),
    ),
}


def _banner(page):
    """The header, its menu opened first where it is folded (on a phone)."""
    toggle = page.locator(".site-menu__toggle")
    if toggle.is_visible() and not page.locator("details.site-menu").evaluate(
        "menu => menu.open"
    ):
        toggle.click()
    return page.get_by_role("banner")


def _check(page):
    """What every page of the journey must pass: axe-core, and no sideways scroll."""
    accessible(page)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def _notification(page, text, seconds=120):
    """The ambassador's notifications, looked at again (as a person reloads) until the
    task worker has written the one saying `text`.

    The worker first works off the ~1,100 tasks that loading the demo queued (search
    indexing, mostly), about a minute's work on two cores; a notification waits
    behind them, so the journey run alone waits that long here."""
    entry = page.locator(".notification", has_text=text)
    deadline = time.monotonic() + seconds
    while not entry.count():
        if time.monotonic() > deadline:
            raise AssertionError(f"no notification saying {text!r} in {seconds} s")
        page.wait_for_timeout(500)
        page.reload()
    return entry


@pytest.mark.parametrize("screen", SCREENS)
def test_a_new_member_follows_a_tag_and_mentions_an_ambassador(
    people, dela_server, screen
):
    viewport, (address, first_name, last_name, town) = SCREENS[screen]
    name = f"{first_name} {last_name}"
    words = f"Vi startade ett café i {town} i våras och lånade idéer härifrån."
    member = people()
    member.set_viewport_size(viewport)
    sign_up(member, dela_server, address, PASSWORD)
    main = member.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Din profil")
    _check(member)

    # The account: a name others will see, and the municipality.
    member.locator("#id_first_name").fill(first_name)
    member.locator("#id_last_name").fill(last_name)
    member.locator("#id_municipality").select_option(label=f"{town} (Hallands län)")
    main.get_by_role("button", name="Spara profilen").click()
    expect(member.locator(".message")).to_contain_text("sparats")
    expect(member.get_by_role("banner")).to_contain_text(name)

    # The network profile: what the colleague does and can help with.
    _banner(member).get_by_role("link", name="Nätverk", exact=True).click()
    member.get_by_role("navigation", name="Nätverk").get_by_role(
        "link", name="Min profil"
    ).click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Min profil")
    _check(member)
    member.locator("#id_title").fill(f"Bibliotekarie i {town}")
    member.locator("#id_bio").fill("Jag håller digitala caféer för seniorer.")
    member.locator("#id_can_help_with").fill("Att komma i gång med BankID.")
    main.get_by_role("checkbox", name="Svenska").check()
    main.get_by_role("button", name="Spara", exact=True).click()
    expect(member.locator(".message")).to_be_visible()
    expect(main.get_by_role("heading", level=1)).to_have_text(name)
    expect(main).to_contain_text(f"Bibliotekarie i {town}")

    # A thread about the colleague's work, and its tag to follow.
    member.get_by_role("navigation", name="Nätverk").get_by_role(
        "link", name="Nätverk", exact=True
    ).click()
    main.get_by_role("region", name="Kategorier").get_by_role(
        "link", name=re.compile("^Digital inkludering")
    ).click()
    main.get_by_role("link", name=THREAD).click()
    expect(main.get_by_role("heading", level=1)).to_contain_text(THREAD)
    thread_url = member.url
    main.get_by_role("link", name="#seniorer").click()
    expect(main.get_by_role("heading", level=1)).to_have_text("#seniorer")
    follow = main.get_by_role("button", name="Följ", exact=True)
    expect(follow).to_have_attribute("aria-pressed", "false")
    follow.click()
    expect(member.locator(".message")).to_contain_text("avisering om nya inlägg")
    expect(main.get_by_role("button", name="Sluta följa")).to_have_attribute(
        "aria-pressed", "true"
    )
    _check(member)

    # The reply, with the ambassador chosen from the suggestions by keyboard.
    member.goto(thread_url)
    body = member.locator("#id_body")
    body.click()
    body.press_sequentially(words + " @sofia")
    suggestions = member.get_by_role("listbox")
    option = suggestions.get_by_role("option", name=re.compile("Sofia Bergkvist"))
    expect(option).to_be_visible()
    _check(member)
    body.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    body.press("Enter")
    expect(suggestions).to_be_hidden()
    expect(body).to_have_value(re.compile(r"@sofia[\w.-]* $"))
    body.press_sequentially("vill du berätta hur ni gjorde i Halmstad?")
    main.get_by_role("button", name="Skicka svar").click()
    member.wait_for_url(re.compile(r".*#post-\d+$"))
    reply = member.locator(".post", has_text=words)
    expect(reply.locator(".post__author")).to_contain_text(name)
    expect(reply.locator(".mention")).to_have_text(re.compile("^@sofia"))
    _check(member)

    # The ambassador sees it among her notifications, new, and opens it.
    ambassador = people(AMBASSADOR)
    ambassador.set_viewport_size(viewport)
    _banner(ambassador).get_by_role("link", name=re.compile("^Aviseringar")).click()
    entry = _notification(ambassador, name)
    expect(entry).to_contain_text(f"{name} nämnde dig i ”{THREAD}”")
    expect(entry.locator(".badge--unread")).to_be_visible()
    # The header's badge: a number for the eye, a sentence for a screen reader.
    badge = ambassador.get_by_role("banner").locator("[data-network-badge]")
    expect(badge.locator("[aria-hidden=true]")).to_have_text(
        re.compile(r"^[1-9]\d*\+?$")
    )
    expect(badge.locator(".visually-hidden")).to_have_text(
        re.compile(r"^(1 ny avisering|[1-9]\d+ nya aviseringar|[2-9] nya aviseringar)$")
    )
    _check(ambassador)
    entry.get_by_role("link").click()
    ambassador.wait_for_url(re.compile(r".*#post-\d+$"))
    expect(ambassador.locator(".post", has_text=words)).to_be_visible()
    expect(
        ambassador.get_by_role("main").get_by_role("heading", level=1)
    ).to_contain_text(THREAD)

    # Opened, it is no longer new.
    _banner(ambassador).get_by_role("link", name=re.compile("^Aviseringar")).click()
    read = ambassador.locator(".notification", has_text=name)
    expect(read).to_be_visible()
    expect(read.locator(".badge--unread")).to_have_count(0)

    # The ambassador invites to a meeting under the tag the colleague follows...
    meeting = f"Träff om digitala caféer för seniorer i {town}"
    _banner(ambassador).get_by_role("link", name="Nätverk", exact=True).click()
    ambassador.get_by_role("main").get_by_role("region", name="Kategorier").get_by_role(
        "link", name=re.compile("^Digital inkludering")
    ).click()
    ambassador.get_by_role("main").get_by_role("link", name="Starta en tråd").click()
    ambassador.locator("#id_title").fill(meeting)
    ambassador.locator("#id_body").fill("Vi ses på biblioteket en tisdag i maj?")
    ambassador.locator("#id_tags").fill("seniorer")
    ambassador.get_by_role("button", name="Publicera tråden").click()
    expect(
        ambassador.get_by_role("main").get_by_role("heading", level=1)
    ).to_contain_text(meeting)

    # ... and the colleague hears of it, having followed the tag.
    _banner(member).get_by_role("link", name=re.compile("^Aviseringar")).click()
    heard = _notification(member, meeting)
    expect(heard).to_contain_text("Sofia Bergkvist")
    expect(heard.locator(".badge--unread")).to_be_visible()
    _check(member)
    heard.get_by_role("link").click()
    expect(main.get_by_role("heading", level=1)).to_contain_text(meeting)
