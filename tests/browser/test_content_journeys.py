"""Content as its users meet it on the demo site. Journey 3 (issue 14): an ambassador
shares a story with an image and a film, an editor asks for changes and later approves
it in the Wagtail admin, a visitor finds it in the catalogue by its facets and in
search; the ambassador's part also by keyboard only. And a colleague filters the
catalogue by keyboard and registers for an event."""

import re
import subprocess
import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.journeys import accessible
from tests.browser.keyboard import Keyboard

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


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def make_image(folder):
    """A real PNG made with ffmpeg, as a phone's photo would be uploaded."""
    path = folder / "fika.png"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
         "testsrc=size=640x480", "-frames:v", "1", "-y", str(path)],
        check=True,
    )  # fmt: skip
    return path


def open_submissions(ambassador, title=None):
    ambassador.goto("/stories/")
    with ambassador.expect_navigation():
        ambassador.get_by_role("main").get_by_role("link", name="Dina bidrag").click()
    expect(ambassador.get_by_role("heading", level=1)).to_have_text("Dina bidrag")
    return ambassador.locator(".submission").filter(
        has=ambassador.get_by_role("heading", name=title or TITLE)
    )


def editor_decides(editor, action, comment=None, title=None):
    """The editor acts on the story from the admin dashboard's review list: Wagtail's
    workflow task, its "Request changes" with a message to the author, or "Approve"."""
    editor.goto("/admin/")
    review = editor.get_by_role("region", name="Inväntar din granskning")
    title = title or TITLE
    row = review.get_by_role("row").filter(has_text=title)
    row.get_by_role("button", name="Handlingar").click()
    if comment is None:
        with editor.expect_navigation():
            row.get_by_role("button", name=action, exact=True).click()
    else:
        row.get_by_role("button", name=action, exact=True).click()
        dialog = editor.get_by_role("dialog")
        dialog.get_by_label("Meddelande till författaren").fill(comment)
        # Wagtail's wagtailadmin/shared/workflow_action_modal.html puts each field's
        # <div> straight in a <ul class="fields"> (axe "list", serious).
        accessible(editor, wagtail_rules=["list"])
        with editor.expect_navigation():
            dialog.get_by_role("button", name=action).click()
    expect(review.get_by_role("row").filter(has_text=title)).to_have_count(0)


def found_in_search(visitor, query, title, seconds=60):
    """Search finds the story once the task worker has indexed it."""
    deadline = time.monotonic() + seconds
    link = visitor.get_by_role("main").get_by_role("link", name=title)
    while True:
        visitor.goto(f"/search/?q={query}")
        if link.count():
            return link
        assert time.monotonic() < deadline, f"search never found {title}"
        visitor.wait_for_timeout(500)  # indexing is a queued task: poll the page


TITLE = "Digitala fikaträffar i Laholm"
TAG = "fikaträff"
COMMENT = "Berätta gärna hur många som kommer och vad de oftast frågar om."


def test_a_shared_story_with_a_picture_and_a_film_is_reviewed_in_the_admin(
    people, tmp_path
):
    """Journey 3: an ambassador shares a story with an image and a film, sees it in
    review; an editor asks for changes in the Wagtail admin; the ambassador reads
    the request, edits and resubmits; the editor approves in the admin; visitors
    find the story in the catalogue under its facets and in search."""
    ambassador = people("ambassador@dela.example")
    ambassador.goto("/stories/")
    with ambassador.expect_navigation():
        ambassador.get_by_role("main").get_by_role(
            "link", name="Dela en erfarenhet"
        ).click()
    ambassador.get_by_label("Titel").fill(TITLE)
    ambassador.get_by_label("Sammanfattning").fill(
        "Varje torsdag lär seniorer varandra att använda surfplattan, över en kaffe."
    )
    ambassador.get_by_role("textbox", name="Din berättelse").fill(
        "Vi började med fyra deltagare på biblioteket.\n\nNu kommer över trettio."
    )
    ambassador.get_by_label("Kommuner").select_option(label="Laholm (SE)")
    ambassador.get_by_label("Sektor (valfritt)").select_option(label="Bibliotek")
    ambassador.get_by_role("checkbox", name="Invånare 65+").check()
    ambassador.get_by_role("checkbox", name=re.compile("^2.1 ")).check()
    ambassador.get_by_label("Ämnesord (valfritt)").fill(f"{TAG}, 65+")
    ambassador.get_by_label("Bild (valfritt)").set_input_files(make_image(tmp_path))
    ambassador.get_by_label("Alternativtext till bilden (valfritt)").fill(
        "Fyra seniorer med surfplattor runt ett fikabord"
    )
    ambassador.get_by_label("Film från mediebiblioteket (valfritt)").select_option(
        label="Surfplattan i hemtjänsten"
    )
    ambassador.get_by_label("Jag godkänner publicering").check()
    accessible(ambassador)
    with ambassador.expect_navigation():
        ambassador.get_by_role("button", name="Skicka till redaktörerna").click()
    submission = open_submissions(ambassador)
    expect(submission).to_contain_text("Granskas")
    accessible(ambassador)

    # Before review nobody else can find it.
    visitor = people()
    visitor.goto(f"/stories/tag/{TAG}/")
    expect(visitor.get_by_role("main")).not_to_contain_text(TITLE)

    # The editor asks for changes in the admin; the ambassador reads the request.
    editor = people("editor@dela.example")
    editor_decides(editor, "Begär ändringar", COMMENT)
    submission = open_submissions(ambassador)
    expect(submission).to_contain_text("Ändringar begärda")
    expect(submission.locator(".editor-comment")).to_have_text(COMMENT)
    accessible(ambassador)
    with ambassador.expect_navigation():
        submission.get_by_role("link", name="Redigera och skicka in igen").click()
    expect(ambassador.get_by_role("note")).to_contain_text(COMMENT)
    body = ambassador.get_by_role("textbox", name="Din berättelse")
    body.fill(
        body.input_value() + "\n\nVarje gång kommer runt tjugo personer; de flesta "
        "frågar om Bank-id och videosamtal med barnbarnen."
    )
    accessible(ambassador)
    with ambassador.expect_navigation():
        ambassador.get_by_role(
            "button", name="Skicka ändringarna till redaktörerna"
        ).click()
    expect(open_submissions(ambassador)).to_contain_text("Granskas")

    # The editor approves it in the admin: it is published.
    editor_decides(editor, "Godkänn")
    expect(open_submissions(ambassador)).to_contain_text("Publicerad")

    # A visitor finds it in the catalogue under its facets, and in search.
    visitor.goto("/catalogue/")
    facets = visitor.get_by_role("form", name="Filtrera")
    for name in ("Sverige", "Laholm", "Bibliotek", "Invånare 65+"):
        facets.get_by_role(
            "checkbox", name=re.compile(f"^{re.escape(name)} \\(")
        ).check()
    with visitor.expect_navigation():
        facets.get_by_role("button", name="Filtrera").click()
    main = visitor.get_by_role("main")
    expect(main.get_by_role("link", name=TITLE)).to_be_visible()
    accessible(visitor)
    with visitor.expect_navigation():
        found_in_search(visitor, "fikaträffar", TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    story = visitor.get_by_role("main")
    expect(story).to_contain_text("runt tjugo personer")
    expect(
        story.get_by_role("img", name="Fyra seniorer med surfplattor runt ett fikabord")
    ).to_be_visible()
    expect(story.locator("video")).to_have_count(1)
    accessible(visitor)
    with visitor.expect_navigation():
        story.get_by_role("link", name=TAG, exact=True).click()
    expect(visitor.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()


def choose(page, select, label):
    """Arrow keys on the focused <select> until `label` is the one option chosen."""
    for _ in range(60):
        chosen = select.evaluate("s => [...s.selectedOptions].map(o => o.text)")
        if chosen == [label]:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {label}")


def choose_file_by_keyboard(page, path):
    """Space on the focused file field opens the browser's file chooser. Once, on a
    loaded machine, headless Chromium let that key press go without a chooser: a
    person would press Space again, and so does this."""
    for attempt in range(2):
        try:
            with page.expect_file_chooser(timeout=10000) as chooser:
                page.keyboard.press("Space")
        except PlaywrightTimeoutError:
            if attempt:
                raise
        else:
            chooser.value.set_files(path)
            return


def test_an_ambassador_shares_and_resubmits_a_story_by_keyboard_only(people, tmp_path):
    """Journey 3's ambassador part by keyboard only (Tab, Shift+Tab, Enter, Space,
    arrow keys): every focused element has a visible focus ring, focus moves
    forward in document order and no widget traps it. The editor uses the admin."""
    title = "Läxhjälp på nätet i Varberg"
    ambassador = people("ambassador@dela.example")
    keys = Keyboard(ambassador)
    type_ = ambassador.keyboard.type
    ambassador.goto("/stories/")
    keys.tab_to(
        ambassador.get_by_role("main").get_by_role("link", name="Dela en erfarenhet")
    )
    with ambassador.expect_navigation():
        ambassador.keyboard.press("Enter")
    keys.tab_to(ambassador.get_by_label("Titel"))
    type_(title)
    keys.tab_to(ambassador.get_by_label("Sammanfattning"))
    type_("Gymnasieelever hjälper yngre elever med läxorna i ett videomöte.")
    keys.tab_to(ambassador.get_by_role("textbox", name="Din berättelse"))
    type_("Vi träffas på tisdagar. Eleverna bokar en tid i skolans app.")
    municipalities = ambassador.get_by_label("Kommuner")
    keys.tab_to(municipalities)
    choose(ambassador, municipalities, "Varberg (SE)")
    sector = ambassador.get_by_label("Sektor (valfritt)")
    keys.tab_to(sector)
    choose(ambassador, sector, "Skola")
    young = ambassador.get_by_role("checkbox", name="Unga")
    keys.tab_to(young)
    ambassador.keyboard.press("Space")
    expect(young).to_be_checked()
    keys.tab_to(ambassador.get_by_label("Bild (valfritt)"))
    choose_file_by_keyboard(ambassador, make_image(tmp_path))
    keys.tab_to(ambassador.get_by_label("Alternativtext till bilden (valfritt)"))
    type_("En elev och en yngre elev framför en datorskärm")
    film = ambassador.get_by_label("Film från mediebiblioteket (valfritt)")
    keys.tab_to(film)
    choose(ambassador, film, "Surfplattan i hemtjänsten")
    consent = ambassador.get_by_label("Jag godkänner publicering")
    keys.tab_to(consent)
    ambassador.keyboard.press("Space")
    expect(consent).to_be_checked()
    keys.tab_to(ambassador.get_by_role("button", name="Skicka till redaktörerna"))
    with ambassador.expect_navigation():
        ambassador.keyboard.press("Enter")
    submission = open_submissions(ambassador, title)
    expect(submission).to_contain_text("Granskas")

    editor_decides(
        people("editor@dela.example"), "Begär ändringar", COMMENT, title=title
    )

    submission = open_submissions(ambassador, title)
    expect(submission.locator(".editor-comment")).to_have_text(COMMENT)
    keys.tab_to(submission.get_by_role("link", name="Redigera och skicka in igen"))
    with ambassador.expect_navigation():
        ambassador.keyboard.press("Enter")
    body = ambassador.get_by_role("textbox", name="Din berättelse")
    keys.tab_to(body)
    ambassador.keyboard.press("Control+End")
    type_(" Förra terminen kom 25 elever varje vecka.")
    keys.tab_to(
        ambassador.get_by_role("button", name="Skicka ändringarna till redaktörerna")
    )
    with ambassador.expect_navigation():
        ambassador.keyboard.press("Enter")
    submission = open_submissions(ambassador, title)
    expect(submission).to_contain_text("Granskas")
    expect(submission).not_to_contain_text(COMMENT)


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
