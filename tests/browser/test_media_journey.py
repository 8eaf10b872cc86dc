"""The video library in a real browser on the demo site: a film plays, seeks (range
requests) and shows captions and transcript; an ambassador uploads with a progress
bar and lands on the status page."""

import subprocess

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

DEMO_PASSWORD = "dela-demo-2026"
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def test_a_demo_film_plays_seeks_and_has_captions_and_transcript(page):
    page.goto("/videos/")
    page.get_by_role("link", name="Surfplattan i hemtjänsten").click()
    video = page.locator("video")
    expect(video).to_have_count(1)
    page.wait_for_function(
        "() => document.querySelector('video').readyState >= 1", timeout=15000
    )
    assert page.evaluate("() => document.querySelector('video').duration") > 5
    # Seeking needs range requests: the browser asks for the bytes it needs.
    page.evaluate("() => { document.querySelector('video').currentTime = 4; }")
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return !v.seeking && v.currentTime >= 3.9; }",
        timeout=15000,
    )
    languages = page.evaluate(
        "() => Array.from(document.querySelector('video').textTracks)"
        ".map(t => t.language)"
    )
    assert languages == ["sv", "nb", "da"]
    expect(page.locator(".video-transcript")).to_contain_text(
        "Välkommen till ombudsmötet i Halmstad."
    )
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_an_ambassador_uploads_with_a_progress_bar(page, tmp_path):
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill("ambassador@dela.example")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/accounts/profile/")
    page.goto("/videos/upload/")
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    clip = tmp_path / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
         "testsrc=size=160x120:rate=10", "-t", "1", "-c:v", "libx264",
         "-pix_fmt", "yuv420p", "-y", str(clip)],
        check=True,
    )  # fmt: skip
    page.locator("input[name=title]").fill("Min film")
    page.locator("input[name=file]").set_input_files(str(clip))
    with page.expect_navigation(url="**/videos/upload/*/"):
        page.locator("form[data-upload-progress] button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min film")
    expect(page.get_by_role("status")).to_be_visible()


def test_a_caption_hit_starts_the_film_at_its_moment(page):
    """Search finds words said in a film; its link (#t=N) starts the player there,
    and the transcript marks the cue said then and keeps it in its box's view."""
    page.goto("/search/?q=surfplatta")
    hit = page.locator("main a[href*='#t=']").first
    expect(hit).to_be_visible()
    seconds = float(hit.get_attribute("href").rsplit("#t=", 1)[1])
    hit.click()
    page.wait_for_function(
        "(s) => { const v = document.querySelector('video');"
        " return v && v.readyState >= 1 && Math.abs(v.currentTime - s) < 0.5; }",
        arg=seconds,
        timeout=15000,
    )
    assert page.evaluate("() => document.activeElement.tagName") == "VIDEO"
    cue = page.locator(".video-transcript__cue[aria-current=true]")
    expect(cue).to_have_count(1)
    # The link counts whole seconds: the cue said then, or starting within one.
    assert float(cue.get_attribute("data-start")) < seconds + 1
    assert float(cue.get_attribute("data-end")) > seconds
    assert page.evaluate(
        "() => { const c = document.querySelector("
        "'.video-transcript__cue[aria-current=true]');"
        " const box = c.closest('.video-transcript__text');"
        " const a = c.getBoundingClientRect(), b = box.getBoundingClientRect();"
        " return a.top >= b.top - 1 && a.bottom <= b.bottom + 1; }"
    )


def test_the_header_box_proposes_as_the_visitor_types_on_any_page(page):
    page.goto("/videos/")
    box = page.locator("#site-search-q")
    box.press_sequentially("välf")
    options = page.locator("#site-search-q-listbox [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(page.locator("#site-search-q-listbox")).to_be_hidden()
