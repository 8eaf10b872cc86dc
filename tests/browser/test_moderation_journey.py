"""Journey 5 (issue 14): a spammer posts, a member flags the post, a moderator hides it
from the moderation queue and suspends the author, whose next post is refused with
the moderator's reason. Three people, three browser sessions, by clicking and typing."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import accessible

DEMO_PASSWORD = "dela-demo-2026"
SPAM = "Köp billiga klockor i dag på klockor.example"
REASON = "Reklam i tråden om nattpersonalen."


@pytest.fixture
def person(browser, dela_server):
    """A browser session of its own per person, failing on any JavaScript error."""
    contexts, errors = [], []

    def open_as(email):
        context = browser.new_context(base_url=dela_server.url, locale="sv-SE")
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto("/accounts/login/")
        tab.locator("input[name=login]").fill(email)
        tab.locator("input[name=password]").fill(DEMO_PASSWORD)
        tab.locator("main form button[type=submit]").first.click()
        tab.wait_for_url("**/accounts/profile/")
        return tab

    yield open_as
    for context in contexts:
        context.close()
    assert not errors, errors


def test_a_moderator_hides_a_flagged_post_and_suspends_the_spammer(person):
    spammer = person("ambassador@dela.example")
    spammer.goto("/network/c/valfardsteknik/")
    spammer.locator(".thread-row__title").filter(has_text="nattpersonalen").click()
    thread_url = spammer.url
    spammer.locator("#id_body").fill(SPAM)
    spammer.locator("#reply-form button[type=submit]").click()
    spammer.wait_for_url(re.compile(r".*#post-\d+$"))
    spam_post = spammer.locator(".post", has_text=SPAM)
    expect(spam_post).to_be_visible()

    member = person("member@dela.example")
    member.goto(thread_url)
    member.locator(".post", has_text=SPAM).get_by_role("link", name="Flagga").click()
    member.get_by_label("Skräppost eller reklam").check()
    member.locator("main form button[type=submit]").click()
    expect(member.locator(".message")).to_be_visible()

    moderator = person("moderator@dela.example")
    moderator.goto("/network/moderation/")
    flagged = moderator.locator("article.flag", has_text=SPAM)
    expect(flagged).to_be_visible()
    flagged.locator("a[href*='/moderation/suspend/']").click()
    moderator.locator("textarea[name=reason]").fill(REASON)
    until = datetime.date.today() + datetime.timedelta(days=7)
    moderator.locator("input[name=ends_on]").fill(until.isoformat())
    moderator.locator("main form button[type=submit]").click()
    moderator.wait_for_url("**/network/moderation/")
    expect(moderator.locator("#suspensions-heading + ul")).to_contain_text(REASON)
    flagged.locator("form[action*='/moderate/'] button").click()
    expect(moderator.locator("article.flag", has_text=SPAM)).to_have_count(0)
    # Moderators still see the hidden post in its thread, marked, and it reads as
    # well as any other (its links once fell to 3.8:1 contrast under an opacity).
    moderator.goto(thread_url)
    hidden = moderator.locator(".post--hidden", has_text=SPAM)
    expect(hidden).to_contain_text("Dolt av en moderator")
    accessible(moderator)

    # The spammer's page still shows the reply form; sending it is refused.
    spammer.locator("#id_body").fill("Ännu fler klockor på klockor.example")
    spammer.locator("#reply-form button[type=submit]").click()
    expect(spammer.locator("main")).to_contain_text(REASON)
    spammer.goto(thread_url)
    expect(spammer.locator(".post", has_text="Ännu fler klockor")).to_have_count(0)
    expect(spammer.locator("#reply-form")).to_have_count(0)
    member.goto(thread_url)
    expect(member.locator(".post", has_text=SPAM)).to_have_count(0)

    # The moderator lifts the suspension (the other journeys meet this ambassador).
    moderator.goto("/network/moderation/")
    moderator.locator("#suspensions-heading + ul li", has_text=REASON).get_by_role(
        "button"
    ).click()
    expect(moderator.locator("#suspensions-heading + ul")).not_to_contain_text(REASON)
    spammer.goto(thread_url)
    expect(spammer.locator("#reply-form")).to_have_count(1)
