"""Demo pages for `manage.py load_demo`: the home page's text and sections, the about
page, the accessibility statement, the privacy page and the footer that links to them,
read from `demo_data/pages.json`.

Pages are found by slug under the home page and updated in place, and a page is only
given a new revision when its content actually changed, so running the demo again adds
neither pages nor history. Later apps (stories, media, catalogue, network, events) add
their own doors on the home page with `ensure_home_section()` from their demo modules.
"""

import datetime
import json
from pathlib import Path

from wagtail.models import Site

from .models import FooterSettings, HomePage, StandardPage
from .site_address import sync_default_site

ABOUT_SLUG = "om-dela"
ACCESSIBILITY_SLUG = "tillganglighet"
PRIVACY_SLUG = "integritet"

# The home page's text, the site pages (bodies as StreamField JSON) and the footer's
# contact, in demo_data/pages.json (edit them there). Written for the demo from what
# the seed articles tell (Halmstad, Laholm and Digga Halland, KS, KL, Kalmar); quotes
# are attributed to roles, never to real people.
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "pages.json").read_text("utf-8")
)

# Sections that stay last on the home page, whatever later apps add: search and the
# about page are the general ways in, the apps' own parts come first.
TRAILING_PATHS = {"/search/"}
TRAILING_SLUGS = {ABOUT_SLUG}


def load(stdout, style):
    """Write the site pages, the home page and the footer settings."""
    home = home_page()
    pages = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for slug, content in DATA["site_pages"].items():
        pages[slug], outcome = _ensure_child_page(home, slug, _page_fields(content))
        counts[outcome] += 1

    home_changed = _update_page(home, DATA["home_page"])
    # Stories, videos, the catalogue, the network and events are not here: their
    # apps' demo modules add those sections with ensure_home_section() once they exist.
    for section in DATA["home_sections"]:
        if "page" in section:
            ensure_home_section(
                section["title"], section["text"], page=pages[section["page"]]
            )
        else:
            ensure_home_section(section["title"], section["text"], path=section["path"])
    footer_changed = _ensure_footer(
        pages[ACCESSIBILITY_SLUG], pages[PRIVACY_SLUG], DATA["footer"]["contact_email"]
    )
    stdout.write(
        f"  home page {'updated' if home_changed else 'unchanged'}; site pages: "
        f"{counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged; footer "
        f"{'updated' if footer_changed else 'unchanged'}"
    )


def _page_fields(content):
    """A site page's fields from its data: the review date as a date."""
    reviewed = content.get("last_reviewed")
    return {
        **content,
        "last_reviewed": datetime.date.fromisoformat(reviewed) if reviewed else None,
    }


def load_after_all_apps(stdout, style):
    """Once every app's demo content is there: the home page's hero picture (drawn,
    with its alternative text) and its featured video (the first published film)."""
    from django.apps import apps

    from .demo_pictures import demo_image

    home = home_page()
    hero = demo_image(
        DATA["hero"]["title"], DATA["hero"]["subtitle"], slug="home-hero", language="sv"
    )
    fields = {"hero_image": hero, "hero_image_alt": hero.description}
    video_page = apps.get_model("dela_media", "VideoPage")
    film = video_page.objects.live().public().order_by("path").first()
    if film is not None:
        fields["featured_video"] = film
    changed = _update_page(home, fields)
    stdout.write(
        f"  home page hero and featured video {'set' if changed else 'unchanged'}"
    )


def home_page():
    """The one home page (migration home/0002 creates it)."""
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError(
            "There is no home page: run `manage.py migrate` before load_demo."
        )
    return home


def ensure_home_section(title, text, path=None, page=None):
    """Make the home page link to `path` or `page` with this title and text.

    For other apps' demo modules: `ensure_home_section("Nätverket", "...",
    path="/network/")`. A section is recognised by its path or page, so calling this
    again updates the text instead of adding a second door; new sections go before
    the search and about sections. Publishes the home page only when something changed
    and returns whether it did.
    """
    if (path is None) == (page is None):
        raise ValueError("Give a path or a page, not both.")
    home = home_page()
    value = {
        "title": title,
        "text": text,
        "page": page.pk if page is not None else None,
        "path": path or "",
    }
    sections = _raw(home.sections)
    for section in sections:
        current = section["value"]
        if (path and current.get("path") == path) or (
            page is not None and current.get("page") == page.pk
        ):
            if {key: current.get(key) for key in value} == value:
                return False
            section["value"] = {**current, **value}
            break
    else:
        new = {"type": "section", "value": value}
        if _is_trailing(value):
            sections.append(new)
        else:
            position = next(
                (i for i, s in enumerate(sections) if _is_trailing(s["value"])),
                len(sections),
            )
            sections.insert(position, new)
    home.sections = sections
    home.save_revision().publish()
    return True


def _is_trailing(value):
    if value.get("path") in TRAILING_PATHS:
        return True
    if value.get("page"):
        return StandardPage.objects.filter(
            pk=value["page"], slug__in=TRAILING_SLUGS
        ).exists()
    return False


def _ensure_child_page(parent, slug, content):
    """The page with this slug under `parent`, created or brought up to date."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is None:
        page = StandardPage(slug=slug, live=False, **content)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, "created"
    if not isinstance(existing, StandardPage):
        # Someone put another kind of page at this address: leave it, link to it.
        return existing, "unchanged"
    changed = _update_page(existing, content)
    return existing, "updated" if changed else "unchanged"


def _update_page(page, fields):
    """Set the fields and publish a revision, only if the live page differs."""
    changed = not page.live or page.has_unpublished_changes
    for name, value in fields.items():
        current = getattr(page, name)
        if hasattr(current, "stream_block"):
            # Streams are compared as JSON without block ids: the ids differ on
            # every assignment even when the content is the same. An unchanged
            # stream keeps its ids (and so any comments editors left on blocks).
            new = page._meta.get_field(name).to_python(value)
            if stream_json(new) != stream_json(current):
                setattr(page, name, new)
                changed = True
        elif current != value:
            setattr(page, name, value)
            changed = True
    if changed:
        page.save_revision().publish()
    return changed


def _raw(stream_value):
    """A stream as plain JSON, block ids kept, in one shape whatever wrote it."""
    list(stream_value)  # turn lazy raw data into block values first
    return stream_value.get_prep_value()


def stream_json(stream_value):
    """A stream as plain JSON without block ids, for comparing (other apps' demos
    use it to leave unchanged pages without a new revision)."""
    return _without_ids(_raw(stream_value))


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {
            key: _without_ids(value)
            for key, value in data.items()
            if not (key == "id" and "type" in data)
        }
    return data


def _ensure_footer(accessibility_page, privacy_page, contact_email):
    """Point the default site's footer at the statement, privacy page and contact (and
    the site at BASE_URL)."""
    sync_default_site()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    footer = FooterSettings.for_site(site)
    wanted = {
        "accessibility_page_id": accessibility_page.pk,
        "privacy_page_id": privacy_page.pk,
        "contact_email": contact_email,
    }
    if all(getattr(footer, name) == value for name, value in wanted.items()):
        return False
    for name, value in wanted.items():
        setattr(footer, name, value)
    footer.save()
    return True
