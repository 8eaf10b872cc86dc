"""Demo events for `manage.py load_demo`: the events index and eight events from the
seeds' world, with registrations by the demo people.

Digga Halland's network meetings for digitaliseringsombud, KS workshops on digital
competence, a KL workshop on digital competences and Kalmar's course for citizens over
65 (full, with a waiting list). Dates are counted from today, so the upcoming events
stay upcoming; events are found by slug and get a new revision only when something
changed, so running the demo twice on the same day changes nothing. Everyone and every
address here is invented (the .example domain).
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from home.demo import ensure_home_section, home_page
from home.demo import stream_json as _plain
from home.demo_pictures import picture_fields
from taxonomy.models import Competence, Municipality, TargetGroup

from .models import (
    EventIndexPage,
    EventMaterial,
    EventPage,
    EventResult,
    Registration,
)
from .services import register
from .times import wall_time_to_utc

INDEX_SLUG = "events"

# The index and the events, one object each, in demo_data/events.json (edit them
# there). Each event: where and when (days from today, local wall time "HH:MM"), who
# comes, and links to other demo pages by slug (skipped when that app's demo has not
# made them).
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "events.json").read_text("utf-8")
)
EVENTS = DATA["events"]


def load(stdout, style):
    """Create or update the events index, the events and the demo registrations."""
    index, index_changed = _ensure_index()
    ensure_home_section(**DATA["home_section"], page=index)
    today = timezone.localdate()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    registrations = 0
    for spec in EVENTS:
        event, outcome = _ensure_event(index, spec, today)
        counts[outcome] += 1
        registrations += _ensure_registrations(event, spec)
    stdout.write(
        f"  events index {'updated' if index_changed else 'unchanged'}; events: "
        f"{counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged; {registrations} new registrations"
    )


def _ensure_index():
    home = home_page()
    index = EventIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    wanted = {**DATA["index"], "show_in_menus": True}
    if index is None:
        index = EventIndexPage(slug=INDEX_SLUG, live=False, **wanted)
        home.add_child(instance=index)
        index.save_revision().publish()
        return index, True
    changed = not index.live or index.has_unpublished_changes
    for name, value in wanted.items():
        if getattr(index, name) != value:
            setattr(index, name, value)
            changed = True
    if changed:
        index.save_revision().publish()
    return index, changed


def _wall(today, days, hour_minute, zone):
    day = today + datetime.timedelta(days=days)
    wall = datetime.datetime.combine(day, datetime.time.fromisoformat(hour_minute))
    return wall_time_to_utc(wall, zone)


def _pages(links):
    """(page, note) for the linked demo pages that exist and are published.

    A slug is unique only among siblings (a story and a video may share one): the
    first page made with it wins, so a later demo's pages never change the links."""
    slugs = [link["page"] for link in links]
    pages = Page.objects.live().filter(slug__in=slugs).order_by("-pk")
    found = {page.slug: page for page in pages}
    return [
        (found[link["page"]], link["note"]) for link in links if link["page"] in found
    ]


def _ensure_event(index, spec, today):
    zone = spec["timezone"]
    country, code = spec["organiser"]["country"], spec["organiser"]["code"]
    contact = (
        get_user_model().objects.filter(email=spec["contact"]).first()
        if spec.get("contact")
        else None
    )
    fields = {
        "title": spec["title"],
        "kind": spec["kind"],
        "language": spec["language"],
        "summary": spec["summary"],
        "timezone": zone,
        "starts_at": _wall(today, spec["days"], spec["start"], zone),
        "ends_at": _wall(today, spec["days"], spec["end"], zone),
        "place": spec.get("place", ""),
        "online_url": spec.get("online_url", ""),
        "organiser": Municipality.objects.filter(
            country__code=country, official_code=code
        ).first(),
        "organiser_name": spec.get("organiser_name", ""),
        "contact": contact,
        "capacity": spec.get("capacity"),
        "registration_open": True,
        "cancelled": spec.get("cancelled", False),
        "cancellation_reason": spec.get("cancellation_reason", ""),
    }
    # The card's and the page's picture: drawn with the title and the organiser.
    organiser = fields["organiser"]
    fields.update(
        picture_fields(
            spec["title"],
            spec.get("organiser_name") or (organiser.name if organiser else ""),
            spec["slug"],
            spec["language"],
        )
    )
    audience = list(TargetGroup.objects.filter(slug__in=spec.get("audience", [])))
    # The DigComp competences an event trains, so the self-assessment's
    # recommendations can offer it for those gaps.
    competences = list(Competence.objects.filter(code__in=spec.get("competences", [])))
    materials = _pages(spec.get("materials", []))
    results = _pages(spec.get("results", []))

    event = EventPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if event is None:
        event = EventPage(slug=spec["slug"], live=False, **fields)
        event.description = spec["description"]
        event.audience = audience
        event.competences = competences
        event.materials = [EventMaterial(linked_page=p, note=n) for p, n in materials]
        event.results = [EventResult(linked_page=p, note=n) for p, n in results]
        index.add_child(instance=event)
        event.save_revision().publish()
        return event, "created"

    changed = not event.live or event.has_unpublished_changes
    for name, value in fields.items():
        if getattr(event, name) != value:
            setattr(event, name, value)
            changed = True
    before = _plain(event.description)
    event.description = spec["description"]
    changed = changed or _plain(event.description) != before
    if {group.pk for group in event.audience.all()} != {group.pk for group in audience}:
        event.audience = audience
        changed = True
    if {c.pk for c in event.competences.all()} != {c.pk for c in competences}:
        event.competences = competences
        changed = True
    for relation, model, wanted in (
        ("materials", EventMaterial, materials),
        ("results", EventResult, results),
    ):
        links = getattr(event, relation).all()
        current = [(link.linked_page_id, link.note) for link in links]
        if current != [(page.pk, note) for page, note in wanted]:
            setattr(event, relation, [model(linked_page=p, note=n) for p, n in wanted])
            changed = True
    if changed:
        event.save_revision().publish()
    return event, "updated" if changed else "unchanged"


def _ensure_registrations(event, spec):
    """Register the demo people in order (the last ones go on a full event's waiting
    list). Returns how many registrations were new."""
    User = get_user_model()
    new = 0
    upcoming = spec.get("registrants", [])
    past = spec.get("past_registrants", [])
    emails = upcoming + past
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    if upcoming and event.accepts_registrations():
        for email in upcoming:
            if email in users:
                _registration, created = register(event, users[email])
                new += created
    for email in past:
        # A past event no longer takes registrations: write its history directly.
        if email not in users:
            continue
        registrations = Registration.objects.filter(event=event)
        if registrations.active().filter(user=users[email]).exists():
            continue
        last = Registration.objects.filter(event=event).order_by("-position").first()
        Registration.objects.create(
            event=event,
            user=users[email],
            status=Registration.Status.REGISTERED,
            position=(last.position if last else 0) + 1,
        )
        new += 1
    return new
