"""Demo case stories for `manage.py load_demo`: the story index at /stories/, eight
published stories in Swedish, Norwegian (bokmål and nynorsk) and Danish drawn from the
seed articles, and two submissions by ambassador@dela.example that show the review
workflow (one in review, one sent back with the editor's comment), all read from
`demo_data/stories.json`.

Stories are found by slug under the index and only get a new revision when their
content changed, so running the demo again adds neither pages nor history. The
submissions go through the same services as the site's "Share an experience" form and
the editors' review. People and quotes are invented; quotes name roles, not persons.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from home.demo import ensure_home_section, home_page
from home.demo import stream_json as _plain
from home.demo_pictures import picture_fields
from taxonomy.models import Competence, Municipality, Sector, TargetGroup
from taxonomy.review import ReviewAction, review_page

from .models import CaseStoryPage, StoryIndexPage
from .services import StoryInput, ensure_review_workflow, story_slug, submit_story

INDEX_SLUG = "stories"

# The index, the stories (their bodies as StreamField JSON) and the submissions, one
# object each, in demo_data/stories.json (edit them there).
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "stories.json").read_text("utf-8")
)
AUTHOR_EMAIL = DATA["submission_author"]
EDITOR_EMAIL = DATA["reviewing_editor"]
STORIES = DATA["stories"]
SUBMISSIONS = DATA["submissions"]


def load(stdout, style):
    """Write the story index, the published stories and the two submissions."""
    index = _ensure_index(home_page())
    ensure_review_workflow()
    ensure_home_section(**DATA["home_section"], page=index)
    outcome = {"created": 0, "updated": 0, "unchanged": 0}
    for spec in STORIES:
        outcome[_ensure_story(index, spec)] += 1
    for spec in STORIES:
        _ensure_related(index, spec)
    submissions = _ensure_submissions(index)
    stdout.write(
        f"  story index ready; stories: {outcome['created']} created, "
        f"{outcome['updated']} updated, {outcome['unchanged']} unchanged; "
        f"{submissions} new submissions in review"
    )


def _ensure_index(home):
    index = StoryIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    wanted = {**DATA["index"], "show_in_menus": True}
    if index is None:
        index = StoryIndexPage(slug=INDEX_SLUG, live=False, **wanted)
        home.add_child(instance=index)
        index.save_revision().publish()
        return index
    if any(getattr(index, name) != value for name, value in wanted.items()) or (
        not index.live or index.has_unpublished_changes
    ):
        for name, value in wanted.items():
            setattr(index, name, value)
        index.save_revision().publish()
    return index


def _users(emails):
    found = {
        user.email: user for user in get_user_model().objects.filter(email__in=emails)
    }
    return [found[email] for email in emails if email in found]


def _ensure_story(index, spec):
    """Create the story or bring it up to date; 'created', 'updated' or 'unchanged'."""
    story = CaseStoryPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    created = story is None
    owner = next(iter(_users([spec["owner"]])), None)
    if created:
        story = CaseStoryPage(slug=spec["slug"], live=False)
    fields = {
        "title": spec["title"],
        "summary": spec["summary"],
        "language": spec["language"],
        "year": spec["year"],
        "sector": Sector.objects.get(slug=spec["sector"]),
        "results": spec["results"],
        "lessons_learned": spec["lessons"],
        "featured": spec.get("featured", False),
        "verified": spec.get("verified", False),
        "publishing_consent": True,
        "owner": owner,
    }
    relations = {
        "municipalities": list(
            Municipality.objects.filter(
                country__code=spec["country"], official_code__in=spec["municipalities"]
            )
        ),
        "target_groups": list(
            TargetGroup.objects.filter(slug__in=spec["target_groups"])
        ),
        "competences": list(Competence.objects.filter(code__in=spec["competences"])),
        "contacts": _users(spec["contacts"]),
    }
    # The card's and the page's picture: drawn with the title and the places.
    places = ", ".join(sorted(m.name for m in relations["municipalities"])[:3])
    fields.update(
        picture_fields(
            spec["title"], f"{places} · {spec['year']}", spec["slug"], spec["language"]
        )
    )
    changed = created or not story.live or story.has_unpublished_changes
    for name, value in fields.items():
        if getattr(story, name) != value:
            setattr(story, name, value)
            changed = True
    before = None if created else _plain(story.body)
    # Films in a story come from the media demo, loaded after this one: kept.
    films = [block for block in before or [] if block["type"] == "video"]
    story.body = spec["body"] + films
    changed = changed or _plain(story.body) != before
    for name, values in relations.items():
        current = set() if created else {item.pk for item in getattr(story, name).all()}
        if current != {item.pk for item in values}:
            getattr(story, name).set(values)
            changed = True
    current_tags = set() if created else {tag.name for tag in story.tags.all()}
    if current_tags != set(spec["tags"]):
        story.tags.set(spec["tags"])
        changed = True
    if not changed:
        return "unchanged"
    with transaction.atomic():
        if created:
            index.add_child(instance=story)
        story.save_revision(user=owner).publish()
    return "created" if created else "updated"


def _ensure_related(index, spec):
    """Editors' picks of related stories, once both stories exist."""
    story = CaseStoryPage.objects.child_of(index).get(slug=spec["slug"])
    related = list(
        CaseStoryPage.objects.child_of(index).filter(slug__in=spec.get("related", []))
    )
    if {page.pk for page in story.related_stories.all()} != {
        page.pk for page in related
    }:
        story.related_stories.set(related)
        story.save_revision(user=story.owner).publish()


def _ensure_submissions(index):
    """One story in review and one sent back for changes, both by the demo
    ambassador, made through the site's services. Left alone once they exist
    (whatever an editor did with them since)."""
    author = next(iter(_users([AUTHOR_EMAIL])), None)
    editor = next(iter(_users([EDITOR_EMAIL])), None)
    if author is None:
        return 0
    created = 0
    for data in SUBMISSIONS:
        review = data["editors_comment"]
        slug = story_slug(data["title"])
        if CaseStoryPage.objects.child_of(index).filter(slug__startswith=slug).exists():
            continue
        story = submit_story(author, index, _submission_data(data))
        created += 1
        if review and editor is not None:
            review_page(story, editor, ReviewAction.REQUEST_CHANGES, comment=review)
    return created


def _submission_data(data):
    """The demo's data (terms by their codes) as a StoryInput."""
    return StoryInput.from_form(
        {
            **data,
            "municipalities": list(
                Municipality.objects.filter(
                    country__code="SE", official_code__in=data["municipalities"]
                )
            ),
            "sector": Sector.objects.get(slug=data["sector"]),
            "target_groups": list(
                TargetGroup.objects.filter(slug__in=data["target_groups"])
            ),
            "competences": list(
                Competence.objects.filter(code__in=data["competences"])
            ),
        }
    )
