"""Refresh the README's screenshots from the browser suite's last run.

The page-type sweep (tests/browser/test_every_page_type.py) writes a screenshot of
every page type at desktop and phone size to var/screenshots/ on each run; this picks
the ones the README shows (a visitor, in Swedish), makes them small WebP files and
writes them to docs/screenshots/. Usage, after a browser run:

    .venv/bin/python scripts/readme_screenshots.py [var/screenshots]
"""

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("home", "story", "catalogue", "thread", "search")
SIZES = {"desktop": 960, "phone": 390}  # width in the README


def main(source):
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    missing = []
    for page in PAGES:
        for size, width in SIZES.items():
            shot = source / f"{page}-sv-visitor-{size}.png"
            if not shot.is_file():
                missing.append(shot.name)
                continue
            with Image.open(shot) as image:
                image = image.convert("RGB")
                if image.width > width:
                    height = round(image.height * width / image.width)
                    image = image.resize((width, height), Image.LANCZOS)
                image.save(target / f"{page}-{size}.webp", "WEBP", quality=80)
    if missing:
        sys.exit(f"Not found (run the browser suite first): {', '.join(missing)}")
    print(f"{len(PAGES) * len(SIZES)} screenshots written to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "screenshots")
