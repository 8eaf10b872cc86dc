"""Proposing a learning path (issue 18): an ambassador composes a path on the site
with the no-script chooser (find by title, tick, add), sends it to the editors,
follows it among her proposals; the editor approves it from the admin's review list;
a visitor finds it under Lärvägar. Every page of the site passes axe's rules."""

import re

from playwright.sync_api import expect

from tests.browser.journeys import accessible
from tests.browser.test_content_journeys import editor_decides

AMBASSADOR = "ambassador@dela.example"
EDITOR = "editor@dela.example"
TITLE = "Digitaliseringsombud i praktiken på två veckor"
STEPS = [
    ("Digitaliseringsombud", "Digitaliseringsombud i Laholms socialtjänst"),
    ("Digga Halland", "Digga Halland: sex kommuner filmade sina lokala aktiviteter"),
]


def add_step(page, query, title):
    main = page.get_by_role("main")
    main.get_by_label("Sök en berättelse, video, praktik eller ett evenemang").fill(
        query
    )
    with page.expect_navigation():
        main.get_by_role("button", name="Sök", exact=True).click()
    main.get_by_role("checkbox", name=re.compile("^" + re.escape(title))).check()
    accessible(page)
    with page.expect_navigation():
        main.get_by_role("button", name="Lägg till de förkryssade sidorna").click()
    expect(main.locator(".path-step-edit").filter(has_text=title)).to_have_count(1)


def test_an_ambassador_proposes_a_path_the_editor_approves_it(people):
    ambassador = people(AMBASSADOR)
    ambassador.goto("/paths/")
    with ambassador.expect_navigation():
        ambassador.get_by_role("main").get_by_role(
            "link", name="Föreslå en lärväg"
        ).click()
    expect(ambassador.get_by_role("heading", level=1)).to_have_text("Föreslå en lärväg")
    accessible(ambassador)
    main = ambassador.get_by_role("main")
    main.get_by_role("textbox", name="Titel").fill(TITLE)
    main.get_by_role("textbox", name="Sammanfattning").fill(
        "Läs hur Laholm och Halland gjorde, och pröva själv."
    )
    main.get_by_role("checkbox", name=re.compile(r"^2\.4")).check()

    # Sending without steps is refused, and what was typed stays.
    with ambassador.expect_navigation():
        main.get_by_role("button", name="Skicka till redaktörerna").click()
    expect(ambassador.get_by_role("alert")).to_contain_text("Lägg till minst ett steg")
    expect(main.get_by_role("textbox", name="Titel")).to_have_value(TITLE)

    for query, title in STEPS:
        add_step(ambassador, query, title)
    main.get_by_role("textbox", name=re.compile("^Vad man gör")).first.fill(
        "Läs berättelsen och fundera på vad ni kan pröva."
    )
    with ambassador.expect_navigation():
        main.get_by_role("button", name="Skicka till redaktörerna").click()
    expect(ambassador.get_by_role("heading", level=1)).to_have_text(
        "Dina föreslagna lärvägar"
    )
    proposal = ambassador.locator(".submission").filter(has_text=TITLE)
    expect(proposal).to_contain_text("Granskas")
    accessible(ambassador)

    # The editor approves it from the admin's review list: it is published.
    editor = people(EDITOR)
    editor_decides(editor, "Godkänn", title=TITLE)
    ambassador.reload()
    expect(proposal).to_contain_text("Publicerad")

    visitor = people()
    visitor.goto("/paths/")
    with visitor.expect_navigation():
        visitor.get_by_role("main").get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    steps = visitor.locator('li[id^="step-"]')
    expect(steps).to_have_count(2)
    expect(steps.first).to_contain_text(STEPS[0][1])
    accessible(visitor)
