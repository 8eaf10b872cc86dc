"""The editors' admin works under the site's security policy: in a real browser, an
editor adds an editor's pick to the catalogue with the inline panel and the page
chooser, saves it, and sets an event's time with the date picker. The `page` fixture
fails the test on any console error, a script refused by the CSP included."""

from playwright.sync_api import expect

from tests.browser.test_content_journeys import log_in

PICKS = "#id_editors_picks-FORMS > [data-inline-panel-child]"


def edit_page_found_by(page, words):
    """Open the admin's editor of the first page the admin's search finds."""
    page.goto(f"/admin/pages/search/?q={words}")
    edit = page.locator("a[href*='/edit/']").first
    page.goto(edit.get_attribute("href"))


def test_editor_adds_an_editors_pick_with_the_page_chooser(page):
    log_in(page, "editor")
    edit_page_found_by(page, "Inspirationskatalogen")
    before = page.locator(PICKS).count()
    page.locator("#id_editors_picks-ADD").click()
    picks = page.locator(PICKS)
    expect(picks).to_have_count(before + 1)
    picks.last.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal")
    expect(modal).to_be_visible()
    modal.locator("input[name='q']").fill("Digitaliseringsombud")
    choice = modal.locator("a.choose-page").first
    expect(choice).to_be_visible()
    title = choice.inner_text()
    choice.click()
    expect(picks.last.locator(".chooser__title")).to_have_text(title)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara utkast").click()
    expect(page.locator(".messages")).to_contain_text("Inspirationskatalogen")
    # The saved draft holds the new pick.
    expect(page.locator(PICKS)).to_have_count(before + 1)


def test_editor_sets_an_events_time_with_the_date_picker(page):
    log_in(page, "editor")
    edit_page_found_by(page, "Nätverksträff")
    page.locator("#id_starts_at").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)


def choose_another(page, field):
    """Open the chooser of a chosen ForeignKey (its "actions" menu, then "choose
    another"), and return the chooser's modal."""
    page.locator(f"#id_{field}-chooser .w-dropdown__toggle").click()
    page.locator("[data-chooser-action-choose]:visible").first.click()
    modal = page.locator(".modal")
    expect(modal).to_be_visible()
    return modal


def test_editor_chooses_a_sector_and_a_video(page):
    log_in(page, "editor")
    edit_page_found_by(page, "Digitaliseringsombud i vård och omsorg")
    modal = choose_another(page, "sector")
    modal.get_by_role("link", name="Skola", exact=True).click()
    expect(page.locator("#id_sector-title")).to_have_text("Skola")

    edit_page_found_by(page, "Surfplattan i hemtjänsten")
    modal = choose_another(page, "video")
    choice = modal.locator("a.media-choice").first
    title = choice.inner_text().strip()
    choice.click()
    expect(page.locator("#id_video-chooser .chooser__title")).to_have_text(title)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara utkast").click()
    expect(page.locator(".messages")).to_be_visible()
