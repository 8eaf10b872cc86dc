"""Content as its users meet it on the demo site: an ambassador shares a story, an
editor approves it in the admin, a colleague finds it in the catalogue by facet and
registers for an event — all through the browser, by keyboard where a user would."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

DEMO_PASSWORD = "dela-demo-2026"
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def log_in(page, who):
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(f"{who}@dela.example")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/accounts/profile/")


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Logga ut").click()


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_shared_story_is_reviewed_published_and_found_by_its_tag(page):
    title = "Digitala fikaträffar i Laholm"
    tag = "fikaträff"

    # The ambassador shares the story from the site.
    log_in(page, "ambassador")
    page.goto("/stories/share/")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Sammanfattning").fill(
        "Varje torsdag lär seniorer varandra att använda surfplattan, över en kaffe."
    )
    page.get_by_role("textbox", name="Din berättelse").fill(
        "Vi började med fyra deltagare på biblioteket.\n\nNu kommer över trettio."
    )
    page.get_by_label("Ämnesord (valfritt)").fill(f"{tag}, 65+")
    page.get_by_label("Jag godkänner publicering").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka till redaktörerna").click()
    page.goto("/stories/drafts/")
    submission = page.get_by_role("main").get_by_role("listitem").filter(has_text=title)
    expect(submission).to_contain_text("Granskas")
    assert_accessible(page)
    log_out(page)

    # Before review nobody else can find it.
    page.goto(f"/stories/tag/{tag}/")
    expect(page.get_by_role("main")).not_to_contain_text(title)

    # The editor approves it from the admin dashboard.
    log_in(page, "editor")
    page.goto("/admin/")
    review = page.get_by_role("region", name="Inväntar din granskning")
    story_row = review.get_by_role("row").filter(has_text=title)
    story_row.get_by_role("button", name="Handlingar").click()
    with page.expect_navigation():
        story_row.get_by_role("button", name="Godkänn", exact=True).click()
    expect(review.get_by_role("row").filter(has_text=title)).to_have_count(0)
    page.goto("/")
    log_out(page)

    # A visitor finds it on its tag page and in the catalogue, filtered by the tag.
    page.goto(f"/stories/tag/{tag}/")
    expect(page.get_by_role("main").get_by_role("link", name=title)).to_be_visible()
    page.goto(f"/catalogue/?tag={tag}")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=title)).to_be_visible()
    with page.expect_navigation():
        main.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)


def test_catalogue_facets_work_by_keyboard_and_keep_the_filter_in_the_address(page):
    page.goto("/catalogue/")
    facets = page.get_by_role("form", name="Filtrera")
    norway = facets.get_by_role("checkbox", name=re.compile(r"^Norge \(\d+\)"))
    norway.focus()
    page.keyboard.press("Space")
    expect(norway).to_be_checked()
    facets.get_by_role("button", name="Filtrera").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "country=NO" in page.url
    expect(norway).to_be_checked()
    # What the filter shows is what the open-data export of the view holds.
    export = page.get_by_role("link", name="CSV-fil")
    assert "country=NO" in export.get_attribute("href")
    assert_accessible(page)


def test_member_registers_for_an_event_and_can_cancel(page):
    log_in(page, "member")
    page.goto("/events/")
    events = [
        link.get_attribute("href")
        for link in page.get_by_role("main").locator(".event-card__title a").all()
    ]
    register = page.get_by_role("button", name="Anmäl dig")
    for href in events:  # the first upcoming event the member is not registered for
        page.goto(href)
        if register.count():
            break
    else:
        raise AssertionError("no demo event takes registrations from the member")
    with page.expect_navigation():
        register.click()
    cancel = page.get_by_role(
        "button", name=re.compile("Avanmäl mig|Lämna väntelistan")
    )
    expect(cancel).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        cancel.click()
    expect(register).to_be_visible()
