"""Journey 8 (issue 14): an editor publishes a workshop with one place; an ambassador
registers and the event is full; a colleague joins the waiting list; the ambassador
cancels and the colleague is moved up: she sees that she is registered, and the
e-mail telling her so is sent. Each person in a browser session of their own; the
ambassador and the colleague once at desktop size and once on a 390×844 phone."""

import datetime
import email
import email.policy
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import accessible

# One workshop per screen size, each with its one place.
TITLES = {
    "desktop": "Workshop: filma en lokal aktivitet på tio minuter",
    "phone": "Workshop: klipp filmen i telefonen",
}
PHONE = {"width": 390, "height": 844}
AMBASSADOR = "ambassador@dela.example"
COLLEAGUE = "member@dela.example"


def publish_event_with_one_place(editor, title):
    """The editor adds the workshop under Events in the admin and publishes it."""
    editor.goto("/admin/pages/search/")
    search = editor.get_by_role("main").get_by_role("textbox", name="Sökterm")
    search.fill("Evenemang")
    search.press("Enter")
    with editor.expect_navigation():
        editor.get_by_role(
            "link", name="Utforska undersidor till 'Evenemang'", exact=True
        ).click()
    # Events take one page type only: the admin goes straight to its form.
    with editor.expect_navigation():
        editor.get_by_role("link", name="Lägg till undersida").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Ny: Evenemang")
    start = datetime.date.today() + datetime.timedelta(days=20)
    editor.locator("#id_title").fill(title)
    editor.locator("#id_kind").select_option(label="Workshop")
    editor.locator("#id_summary").fill(
        "Vi filmar en aktivitet med telefonen och klipper den tillsammans."
    )
    editor.locator("#id_starts_at").fill(f"{start:%Y-%m-%d} 13:00")
    editor.locator("#id_ends_at").fill(f"{start:%Y-%m-%d} 15:00")
    # Typed, not picked: a click beside the date pickers closes them.
    editor.locator("#id_summary").click()
    expect(editor.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    editor.locator("#id_place").fill("Varbergs bibliotek, ateljén")
    editor.locator("#id_capacity").fill("1")
    expect(editor.locator("#id_registration_open")).to_be_checked()
    editor.get_by_role("button", name="Fler åtgärder").click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Publicera", exact=True).click()
    expect(editor.locator(".messages")).to_contain_text("publicerad")


def open_event(tab, title):
    tab.goto("/events/")
    with tab.expect_navigation():
        tab.get_by_role("main").get_by_role("link", name=title, exact=True).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(title)
    return tab.get_by_role("region", name="Anmälan")


def promotion_email(mail_dir, address, title, deadline_seconds=120):
    """The e-mail telling ``address`` that they moved up, once the task worker has
    sent it (written by Django's file backend, one file per connection)."""
    subject = f"Du har fått en plats på {title}"
    deadline = time.monotonic() + deadline_seconds
    while True:
        for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
            for raw in path.read_text().split("-" * 79):
                if not raw.strip():
                    continue
                message = email.message_from_bytes(
                    (raw.strip() + "\n").encode(), policy=email.policy.default
                )
                if message["To"] == address and message["Subject"].strip() == subject:
                    return message
        assert time.monotonic() < deadline, f"no e-mail “{subject}” to {address}"
        time.sleep(0.5)  # polling a folder: there is no element to wait for


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_place_freed_on_a_full_event_goes_to_the_first_on_the_waiting_list(
    people,
    dela_server,
    screen,
):
    title = TITLES[screen]
    publish_event_with_one_place(people("editor@dela.example"), title)

    def person(address):
        tab = people(address)
        if screen == "phone":
            tab.set_viewport_size(PHONE)
        return tab

    # The ambassador takes the only place.
    ambassador = person(AMBASSADOR)
    registration = open_event(ambassador, title)
    expect(registration).to_contain_text("1 av 1 platser kvar.")
    with ambassador.expect_navigation():
        registration.get_by_role("button", name="Anmäl dig").click()
    expect(ambassador.get_by_role("main")).to_contain_text(
        f"Du är anmäld till {title}."
    )
    expect(registration).to_contain_text("Du är anmäld.")
    expect(registration).to_contain_text(
        "Alla platser är tagna; 0 personer står på väntelistan."
    )
    accessible(ambassador)

    # A colleague finds the workshop full and joins the waiting list.
    colleague = person(COLLEAGUE)
    waiting = open_event(colleague, title)
    expect(waiting.get_by_role("button", name="Anmäl dig")).to_have_count(0)
    with colleague.expect_navigation():
        waiting.get_by_role("button", name="Ställ dig på väntelistan").click()
    expect(colleague.get_by_role("main")).to_contain_text(
        "Evenemanget är fullt, så du står som nummer 1 på väntelistan."
    )
    expect(waiting).to_contain_text("Du står som nummer 1 på väntelistan.")
    accessible(colleague)

    # The ambassador cancels; the place goes to the colleague at once.
    ambassador.reload()
    expect(registration).to_contain_text(
        "Alla platser är tagna; 1 person står på väntelistan."
    )
    with ambassador.expect_navigation():
        registration.get_by_role("button", name="Avanmäl mig").click()
    expect(ambassador.get_by_role("main")).to_contain_text("Du är avanmäld.")
    expect(registration).not_to_contain_text("Du är anmäld.")
    expect(registration).to_contain_text(
        "Alla platser är tagna; 0 personer står på väntelistan."
    )
    expect(registration.get_by_role("button")).to_have_text("Ställ dig på väntelistan")

    colleague.reload()
    expect(waiting).to_contain_text("Du är anmäld.")
    expect(waiting).not_to_contain_text("Du står som nummer")
    expect(waiting.get_by_role("button")).to_have_text("Avanmäl mig")

    message = promotion_email(dela_server.mail_dir, COLLEAGUE, title)
    body = message.get_content()
    assert f"En plats har blivit ledig på {title}" in body
    link = re.search(r"http://127\.0\.0\.1:\d+/\S+", body)
    assert link, body
    colleague.goto(link.group(0))
    expect(colleague.get_by_role("heading", level=1)).to_have_text(title)
    expect(waiting).to_contain_text("Du är anmäld.")
