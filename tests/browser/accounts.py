"""Signing up in the browser as a person does: the form, the e-mail, the link."""

import re


def sign_up(page, dela_server, address, password):
    """Sign up with ``address`` and confirm it from the captured e-mail; ends on the
    profile page, signed in."""
    page.goto("/accounts/signup/")
    page.get_by_label("E-post").fill(address)
    page.get_by_label(re.compile(r"^Lösenord:?$")).fill(password)
    page.get_by_label(re.compile(r"^Lösenord \(igen\)")).fill(password)
    page.get_by_role("main").get_by_role(
        "button", name=re.compile("Skapa konto|Registrera")
    ).click()
    page.wait_for_url("**/accounts/confirm-email/")
    pattern = r"http://127\.0\.0\.1:\d+/accounts/confirm-email/[^\s]+"
    links = [
        link
        for path in sorted(dela_server.mail_dir.glob("*.log"))
        if address in (text := path.read_text())
        for link in re.findall(pattern, text)
    ]
    assert links, f"no confirmation e-mail to {address} was written"
    page.goto(links[-1])
    page.get_by_role("main").get_by_role("button").first.click()
    page.wait_for_url("**/accounts/profile/")
