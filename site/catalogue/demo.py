"""Demo content for `manage.py load_demo`: the inspiration catalogue with practice
entries in Swedish, Norwegian and Danish, two themed collections and editor's picks.

The entries come from demo_data/entries.json through the same import service as
`manage.py import_catalogue`, keyed by external_id; curation marks, links and contacts
(demo_data/catalogue.json) are set afterwards. Everything is compared before it is
written, so running the demo again adds neither pages nor revisions. The people are
made up; addresses use the reserved .example domain.
"""

import json
from pathlib import Path

from home.demo import ensure_home_section, home_page
from home.demo_pictures import picture_fields
from taxonomy.models import Competence

from .importer import import_file
from .models import (
    CatalogueCollectionPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
    CollectionItem,
    EditorsPick,
    EntryLink,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_FILE = DEMO_DIR / "entries.json"
INDEX_SLUG = "catalogue"

# The index page, the editors' marks, the collections and the picks, in
# demo_data/catalogue.json (edit them there); entries are referred to by external_id.
DATA = json.loads((DEMO_DIR / "catalogue.json").read_text("utf-8"))
INDEX = DATA["index"]
CURATION = DATA["curation"]
COLLECTIONS = DATA["collections"]
PICKS = DATA["editors_picks"]


def load(stdout, style):
    """Create or update the catalogue, its entries, collections and picks."""
    index, index_outcome = ensure_index()
    report = import_file(DEMO_FILE, publish=True, parent=index)
    if report.rejected:
        problems = "; ".join(f"row {p.row}: {p.reason}" for p in report.rejected)
        raise RuntimeError(f"The catalogue demo file has bad rows: {problems}")
    entries = {
        page.external_id: page
        for page in CatalogueEntryPage.objects.filter(external_id__startswith="demo-")
    }
    curated = sum(_curate(entries[marks["entry"]], marks) for marks in CURATION)
    collections = sum(_ensure_collection(index, spec, entries) for spec in COLLECTIONS)
    picks_changed = _ensure_picks(index, [entries[key] for key in PICKS])
    ensure_home_section(**DATA["home_section"], page=index)
    stdout.write(
        f"  catalogue page {index_outcome}; entries: {report.summary()} "
        f"{curated} curated; {collections} collections changed; picks "
        f"{'updated' if picks_changed else 'unchanged'}"
    )


def ensure_index():
    """The one catalogue index page, created under the home page at /catalogue/."""
    index = CatalogueIndexPage.objects.first()
    if index is None:
        index = CatalogueIndexPage(slug=INDEX_SLUG, live=False, **INDEX)
        home_page().add_child(instance=index)
        index.save_revision().publish()
        return index, "created"
    changed = _set(index, INDEX)
    if changed:
        index.save_revision().publish()
    return index, "updated" if changed else "unchanged"


def _set(page, values):
    changed = not page.live or page.has_unpublished_changes
    for name, value in values.items():
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    return changed


def _curate(page, marks):
    """The editors' marks, links and contact, and a picture (the curated entries are
    the share of the catalogue that has one)."""
    links = [(link["title"], link["url"]) for link in marks["links"]]
    places = ", ".join(sorted(place.name for place in page.municipalities.all())[:3])
    changed = _set(
        page,
        {
            "featured": marks["featured"],
            "verified": marks["verified"],
            "contact_name": marks["contact_name"],
            "contact_email": marks["contact_email"],
            **picture_fields(
                page.title,
                f"{places} · {page.year}" if page.year else places,
                page.slug,
                page.language,
            ),
        },
    )
    if [(link.title, link.url) for link in page.links.all()] != links:
        page.links = [
            EntryLink(title=title, url=url, sort_order=position)
            for position, (title, url) in enumerate(links)
        ]
        changed = True
    if changed:
        page.save_revision().publish()
    return changed


def _ensure_collection(index, spec, entries):
    collection = (
        CatalogueCollectionPage.objects.child_of(index)
        .filter(slug=spec["slug"])
        .first()
    )
    created = collection is None
    if created:
        collection = CatalogueCollectionPage(slug=spec["slug"], live=False)
    changed = _set(collection, {"title": spec["title"], "intro": spec["intro"]})
    wanted_items = [entries[key].pk for key in spec["items"]]
    if [item.page_id for item in collection.items.all()] != wanted_items:
        collection.items = [
            CollectionItem(page_id=pk, sort_order=position)
            for position, pk in enumerate(wanted_items)
        ]
        changed = True
    if sorted(tag.name for tag in collection.rule_tags.all()) != sorted(spec["tags"]):
        collection.rule_tags.set(spec["tags"])
        changed = True
    competences = list(Competence.objects.filter(code__in=spec["competences"]))
    if sorted(c.pk for c in collection.rule_competences.all()) != sorted(
        c.pk for c in competences
    ):
        collection.rule_competences = competences
        changed = True
    if created:
        index.add_child(instance=collection)
    if changed or created:
        collection.save_revision().publish()
    return changed or created


def _ensure_picks(index, pages):
    if [pick.page_id for pick in index.editors_picks.all()] == [p.pk for p in pages]:
        return False
    index.editors_picks = [
        EditorsPick(page=page, sort_order=position)
        for position, page in enumerate(pages)
    ]
    index.save_revision().publish()
    return True
