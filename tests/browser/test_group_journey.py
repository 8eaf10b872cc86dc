"""Journey 4 (issue 14): an ambassador asks in her regional group (Digga Halland), the
group's admin answers, the asker marks the answer as the solution (its author is told)
and turns the thread into a case-story draft, which then waits in review: among her
submissions, and for the editors in the admin. Three people, three browser sessions,
by clicking and typing (the question by keyboard); axe-core checks each page of the
two ambassadors."""

import re

from playwright.sync_api import expect

from tests.browser.journeys import accessible

ASKER = "ambassador@dela.example"  # Sofia Bergkvist, Halmstad
ANSWERER = "karin.holm@demo.dela.example"  # Karin Holm, Halmstad
TITLE = "Hur bokar ni surfplattor till ombudsträffarna?"
QUESTION = (
    "Vi lånar ut surfplattor till kollegor som ska öva inför träffarna, men "
    "bokningen sker på papper. Har någon ett enkelt digitalt bokningssätt?"
)
ANSWER = (
    "Vi bokar dem i kommunens resursbokning, samma som för bilar och "
    "mötesrum. Ombuden lägger in plattorna som resurser."
)


def _open_group(page):
    page.get_by_role("banner").get_by_role("link", name="Nätverk", exact=True).click()
    page.get_by_role("main").get_by_role("region", name="Grupper").get_by_role(
        "link", name="Digga Halland"
    ).click()
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text(
        "Digga Halland"
    )


def test_an_ambassador_asks_her_group_and_turns_the_answer_into_a_story(people):
    # The question, typed into the group's new-thread form by keyboard.
    asker = people(ASKER)
    _open_group(asker)
    main = asker.get_by_role("main")
    expect(main).to_contain_text("Region: Hallands län")
    accessible(asker)
    main.get_by_role("link", name="Starta en tråd").click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Starta en tråd")
    title = main.get_by_label("Titel")
    title.focus()
    title.press_sequentially(TITLE)
    title.press("Tab")
    expect(main.get_by_label("Din fråga eller berättelse")).to_be_focused()
    asker.keyboard.type(QUESTION)
    main.get_by_label("Ämnesord").fill("surfplattor, nätverksträff")
    expect(main.get_by_role("combobox", name=re.compile("^Språk"))).to_have_value("sv")
    accessible(asker)
    main.get_by_role("button", name="Publicera tråden").press("Enter")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main.locator(".post").first).to_contain_text(QUESTION)
    thread_url = asker.url

    # The answer, from a colleague who finds it in the group.
    answerer = people(ANSWERER)
    _open_group(answerer)
    answerer.get_by_role("main").get_by_role("link", name=TITLE).click()
    answerer.locator("#id_body").fill(ANSWER)
    answerer.get_by_role("main").get_by_role("button", name="Skicka svar").click()
    answerer.wait_for_url(re.compile(r".*#post-\d+$"))
    expect(answerer.locator(".post", has_text=ANSWER)).to_contain_text("Karin Holm")

    # The asker marks it as the solution.
    asker.goto(thread_url)
    answer = main.locator(".post", has_text=ANSWER)
    expect(answer.locator(".post__author")).to_contain_text("Karin Holm")
    answer.get_by_role("button", name="Markera som lösning").click()
    expect(asker.locator(".message")).to_contain_text("Markerat som lösning")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Löst")
    solution = main.get_by_role("region", name="Lösning")
    expect(solution).to_contain_text(ANSWER)
    expect(solution).to_contain_text("Karin Holm")
    expect(answer.locator(".badge--solved")).to_have_text("Lösning")
    accessible(asker)

    # The colleague hears of it at once.
    answerer.get_by_role("banner").get_by_role(
        "link", name=re.compile("^Aviseringar")
    ).click()
    heard = f"Sofia Bergkvist markerade ditt svar som lösning i ”{TITLE}”"
    expect(answerer.locator(".notification--unread", has_text=heard)).to_be_visible()
    accessible(answerer)

    # ... and turns the thread into a story draft.
    main.get_by_role("link", name="Gör om till en berättelse").click()
    expect(main.get_by_role("heading", level=1)).to_have_text(
        "Gör om tråden till en berättelse"
    )
    preview = main.locator(".panel")
    expect(preview.get_by_role("heading", level=2)).to_have_text(TITLE)
    expect(preview).to_contain_text("Sofia Bergkvist (Halmstad)")
    expect(preview).to_contain_text("Karin Holm (Halmstad)")
    expect(preview).to_contain_text("resursbokning")
    accessible(asker)
    confirm = main.get_by_role("checkbox", name=re.compile("Skapa ett utkast"))
    confirm.focus()
    asker.keyboard.press("Space")
    expect(confirm).to_be_checked()
    main.get_by_role("button", name="Skapa utkastet").click()

    # The draft waits for the editors among her submissions, where she lands.
    expect(main.get_by_role("heading", level=1)).to_have_text("Dina bidrag")
    expect(asker.locator(".message")).to_contain_text(
        f"Ditt utkast till berättelsen ”{TITLE}” ligger hos redaktörerna"
    )
    submission = main.locator(".submission", has_text=TITLE)
    expect(submission).to_have_count(1)
    expect(submission.locator(".status")).to_have_text("Granskas")
    accessible(asker)

    # The thread says so, and cannot be turned into a second story.
    asker.goto(thread_url)
    expect(main).to_contain_text("Ett utkast till en erfarenhetsberättelse har skapats")
    expect(main.get_by_role("link", name="Gör om till en berättelse")).to_have_count(0)
    # Later, the way back to the draft from the stories.
    asker.get_by_role("banner").get_by_role(
        "link", name="Berättelser", exact=True
    ).click()
    main.get_by_role("link", name="Dina bidrag").click()
    expect(main.locator(".submission", has_text=TITLE)).to_have_count(1)

    # The editors have it awaiting their review in the admin; nobody else sees it yet.
    editor = people("editor@dela.example")
    editor.goto("/admin/")
    review = editor.get_by_role("region", name="Inväntar din granskning")
    expect(review.get_by_role("row").filter(has_text=TITLE)).to_have_count(1)
    editor.goto("/stories/")
    expect(editor.get_by_role("main")).not_to_contain_text(TITLE)
