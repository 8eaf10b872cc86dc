"""Journey 6 (issue 14): a member who posted downloads their data and erases their
account with their posts; the post leaves search, and the account cannot log in."""

import json
import re

from playwright.sync_api import expect

from tests.browser.accounts import sign_up

ADDRESS = "radera.mig@exempel.example"
PASSWORD = "ett-annat-långt-lösenord-2026"
WORDS = "Zebrafinkens hälsning från Ystad"


def _search_shows(page, text, present, attempts=40):
    """The search page, asked again while the task worker indexes."""
    for _ in range(attempts):
        page.goto("/search/?q=Zebrafinkens")
        if (page.get_by_role("main").get_by_text(text).count() > 0) == present:
            return True
        page.wait_for_timeout(250)
    return False


def test_a_member_downloads_their_data_and_erases_the_account(page, dela_server):
    sign_up(page, dela_server, ADDRESS, PASSWORD)
    page.goto("/network/c/valfardsteknik/")
    page.locator(".thread-row__title").filter(has_text="nattpersonalen").click()
    page.locator("#id_body").fill(WORDS)
    page.locator("#reply-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*#post-\d+$"))
    assert _search_shows(page, WORDS, True), "the reply never reached search"

    page.goto("/network/me/erase/")
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/network/me/erase/")
    with page.expect_download() as download:
        page.locator("a[href='/network/me/data.json']").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == ADDRESS
    assert WORDS in json.dumps(data, ensure_ascii=False)

    page.locator("input[name=posts][value=remove]").check()
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    expect(page.locator(".message")).to_be_visible()
    assert _search_shows(page, WORDS, False), "the erased member's post is still found"

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(ADDRESS)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main form")).to_be_visible()
    assert "/accounts/profile/" not in page.url
