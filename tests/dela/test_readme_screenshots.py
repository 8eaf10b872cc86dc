"""The README shows the demo as the browser suite saw it (issue 17): the home page, a
story, the catalogue, a thread and search, at desktop and phone size, each a real
picture of the size the README draws it at, with alternative text
(scripts/readme_screenshots.py makes them from tests/browser/test_every_page_type.py's
run)."""

import re
from pathlib import Path

from django.conf import settings
from PIL import Image

ROOT = Path(settings.BASE_DIR).resolve()
PAGES = ("home", "story", "catalogue", "thread", "search")


def _readme_images():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {
        match.group(1): match.group(0)
        for match in re.finditer(r'<img src="(docs/screenshots/[^"]+)"[^>]*>', readme)
    }


def test_the_readme_shows_each_page_at_desktop_and_phone_size():
    images = _readme_images()
    expected = {
        f"docs/screenshots/{page}-{size}.webp"
        for page in PAGES
        for size in ("desktop", "phone")
    }
    assert expected <= set(images)
    for path, tag in images.items():
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt and len(alt.group(1)) > 10, tag  # says what the picture shows
        with Image.open(ROOT / path) as picture:
            assert picture.format == "WEBP", path
            wide = 960 if "desktop" in path else 390
            assert picture.width == wide and picture.height > 300, path
