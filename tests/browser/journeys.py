"""What the journeys share: the demo logins and the axe-core check run on each page
a person visits."""

from axe_playwright_python.sync_playwright import Axe

DEMO_PASSWORD = "dela-demo-2026"
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def accessible(page, wagtail_rules=()):
    """No WCAG 2.1 A/AA violation that axe-core finds on the page as it is now.

    `wagtail_rules`: axe rules that fail in Wagtail's own admin markup on this one
    admin page, which Dela does not copy to fix; the caller names the template (and
    the Wagtail issue when there is one), and the README lists them."""
    # A dialog fading in has its colours half-blended: axe reads the page once no
    # CSS transition or animation is running.
    page.wait_for_function(
        "() => document.getAnimations().every((a) => a.playState !== 'running')"
    )
    options = WCAG_AA
    if wagtail_rules:
        options = {**WCAG_AA, "rules": {r: {"enabled": False} for r in wagtail_rules}}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


def log_in(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/profile/")
