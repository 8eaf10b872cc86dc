"""The competence journey (issue 18): a member assesses herself area by area
(saving midway once), finishes, reads her profile and gaps, follows a learning path
recommended for them and marks a step done; the editor's programme view counts her
assessment. Every page passes axe's WCAG 2.1 AA rules. The same journey at phone
size (390×844), by another member: no page of it scrolls sideways."""

import re

from playwright.sync_api import expect

from tests.browser.journeys import accessible

MEMBER = "yusuf.demir@demo.dela.example"
PHONE_MEMBER = "sara.ekstrom@demo.dela.example"
PHONE = {"width": 390, "height": 844}
EDITOR = "editor@dela.example"
# The first demo path covers these four: as gaps, it is the first recommendation.
GAPS = {"2.1", "4.1", "4.2", "5.2"}
PATH = "Digital tillsyn i hemtjänsten på fem veckor"
ASSESSED = "Personer som har skattat sig själva"


def assessed_people(editor):
    editor.goto("/competence/programme/")
    cell = editor.locator("tr", has=editor.get_by_role("rowheader", name=ASSESSED))
    return int(cell.locator("td").inner_text())


def rate_area(page):
    """Choose a level in every radio group of the area page (keyboard: focus the
    first radio, arrow keys move within the group)."""
    for fieldset in page.locator("fieldset.competence-levels").all():
        code = fieldset.locator("legend").inner_text().split(" ")[0]
        level = 1 if code in GAPS else 4
        first = fieldset.locator('input[type="radio"]').first
        first.focus()
        for _ in range(level):
            page.keyboard.press("ArrowDown")
        expect(fieldset.locator(f'input[value="{level}"]')).to_be_checked()


def fits(page):
    """At phone size nothing scrolls sideways (wide tables scroll in their own box);
    axe's rules pass. Elsewhere: axe's rules pass."""
    if page.viewport_size == PHONE:
        width, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width <= inner, f"{page.url} scrolls sideways: {width} > {inner}"
    accessible(page)


def test_a_member_assesses_follows_a_recommended_path_and_is_counted(people):
    journey(people, MEMBER)


def test_the_journey_at_phone_size(people):
    journey(people, PHONE_MEMBER, viewport=PHONE)


def journey(people, email, viewport=None):
    editor = people(EDITOR)
    before = assessed_people(editor)
    accessible(editor)

    member = people(email)
    if viewport:
        member.set_viewport_size(viewport)
    member.goto("/competence/")
    expect(member.get_by_role("heading", level=1)).to_contain_text("DigComp 2.2")
    fits(member)
    member.goto("/competence/assessment/")
    fits(member)
    member.get_by_role("link", name="Börja", exact=True).click()

    # Area 1, then save and stop; the start page says how far she has come.
    expect(member.get_by_role("heading", level=1)).to_contain_text("1 ")
    fits(member)
    rate_area(member)
    member.get_by_role("button", name="Spara och fortsätt senare").click()
    expect(member.locator(".messages, [role=status], .message").first).to_contain_text(
        "Sparat"
    )
    expect(member.locator("main")).to_contain_text("3 av 3 kompetenser skattade")
    member.get_by_role("link", name="Fortsätt", exact=True).click()

    # Areas 1 (again: her answers are kept) to 5, each saved and on to the next.
    for number in range(1, 6):
        expect(member.get_by_role("heading", level=1)).to_contain_text(f"{number} ")
        if number == 1:
            expect(member.locator('input[name="c1_1"][value="4"]')).to_be_checked()
        else:
            rate_area(member)
        member.locator('button[name="next"]').click()

    member.get_by_role("button", name="Avsluta och se min profil").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Min kompetensprofil")
    table = member.locator("table.competence-table")
    expect(table.locator("caption")).to_be_visible()
    expect(table.locator("tr.competence-gap")).to_have_count(4)
    fits(member)

    # The path covering all four gaps is recommended first; she follows it.
    recommended = member.locator(".competence-recommendations li").first
    expect(recommended).to_contain_text(PATH)
    recommended.get_by_role("link", name=PATH).click()
    expect(member.get_by_role("heading", level=1)).to_have_text(PATH)
    member.get_by_role("button", name="Följ den här lärvägen").click()
    expect(member.locator("#path-progress")).to_have_text(
        re.compile(r"0 av 5 steg klara")
    )
    member.get_by_role("button", name="Markera steg 1 som klart").click()
    expect(member.locator("#path-progress")).to_have_text(
        re.compile(r"1 av 5 steg klara")
    )
    expect(
        member.get_by_role("button", name="Markera steg 1 som inte klart")
    ).to_be_visible()
    fits(member)
    member.goto("/competence/paths/")
    expect(member.locator("main")).to_contain_text(PATH)

    # The programme view counts her (all of Dela has more than five people).
    assert assessed_people(editor) == before + 1
