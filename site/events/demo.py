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

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from home.demo import ensure_home_section, home_page
from home.demo import heading_block as _heading
from home.demo import paragraph_block as _paragraph
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
INDEX_TITLE = "Evenemang"
INDEX_INTRO = (
    "Nätverksträffar, workshoppar och kurser för digitaliseringsombud och digitala "
    "ambassadörer i Sverige, Norge och Danmark. Anmäl dig som medlem, lägg till "
    "träffen i din kalender och hitta materialet från tidigare träffar."
)


# Each event: where and when (days from today, local wall time), who comes, and links
# to other demo pages by slug (skipped when that app's demo has not made them).
EVENTS = [
    {
        "slug": "natverkstraff-digga-halland-var",
        "competences": ["2.2", "2.4", "3.1"],
        "title": "Nätverksträff för digitaliseringsombud i Halland",
        "kind": "network-meeting",
        "language": "sv",
        "timezone": "Europe/Stockholm",
        "days": 14,
        "start": (9, 0),
        "end": (12, 0),
        "place": "Stadsbiblioteket i Halmstad, hörsalen",
        "organiser": ("SE", "1380"),
        "organiser_name": "Digga Halland",
        "contact": "ambassador@dela.example",
        "audience": ["employees"],
        "capacity": 30,
        "summary": (
            "Ombuden från Hallands sex kommuner och regionen träffas för att dela vad "
            "som fungerat sedan förra träffen och planera vårens filmer om lokala "
            "aktiviteter."
        ),
        "description": [
            _heading("Program"),
            _paragraph(
                "<ul><li>Kaffe och mingel</li>"
                "<li>Tre ombud berättar: digitala nycklar, läsplattor i "
                "hemtjänsten och frågestunder på APT</li>"
                "<li>Så filmar vi en lokal aktivitet på tio minuter</li>"
                "<li>Nästa steg i nätverket</li></ul>"
            ),
            _paragraph(
                "<p>Ta gärna med en kollega som är ny som ombud. Träffen hålls på "
                "svenska.</p>"
            ),
        ],
        "materials": [
            ("digga-halland-sex-kommuner-lar-av-varandra", "Läs före träffen"),
            ("digitaliseringsombud-i-laholms-socialtjanst", "Exempel från Laholm"),
        ],
        "registrants": [
            "member@dela.example",
            "karin.holm@demo.dela.example",
            "elin.sjoberg@demo.dela.example",
            "anders.nystrom@demo.dela.example",
        ],
    },
    {
        "slug": "natverkstraff-laholm-digitala-nycklar",
        "competences": ["4.1", "4.2", "5.1"],
        "title": "Nätverksträff i Laholm: digitala nycklar i hemtjänsten",
        "kind": "network-meeting",
        "language": "sv",
        "timezone": "Europe/Stockholm",
        "days": 35,
        "start": (13, 0),
        "end": (16, 0),
        "place": "Laholms kommunhus, sammanträdesrum Lagan",
        "organiser": ("SE", "1381"),
        "organiser_name": "Digga Halland",
        "audience": ["employees", "managers"],
        "capacity": 20,
        "cancelled": True,
        "cancellation_reason": (
            "Lokalen går inte att använda den dagen. Vi återkommer med ett nytt datum "
            "i nätverket."
        ),
        "summary": (
            "Hur hemtjänsten i Laholm gick över till digitala nycklar, vad "
            "medarbetarna behövde för att känna sig trygga och vad vi skulle göra "
            "annorlunda i dag."
        ),
        "description": [
            _paragraph(
                "<p>En eftermiddag för ombud och enhetschefer inom vård och omsorg.</p>"
            )
        ],
    },
    {
        "slug": "workshop-digital-kompetanse-ks",
        "competences": ["5.4", "1.1", "2.4"],
        "title": "Workshop: digital kompetanse for alle ansatte",
        "kind": "workshop",
        "language": "nb",
        "timezone": "Europe/Oslo",
        "days": 21,
        "start": (13, 0),
        "end": (15, 30),
        "online_url": "https://mote.example/ks-digital-kompetanse",
        "organiser": ("NO", "0301"),
        "organiser_name": "KS",
        "contact": "moderator@dela.example",
        "audience": ["employees", "managers"],
        "capacity": 40,
        "summary": (
            "Hvordan kommunene kan bruke kompetanseplattformen til å kartlegge og "
            "heve den digitale kompetansen i hele organisasjonen. Digital workshop "
            "for digitale ambassadører og ledere."
        ),
        "description": [
            _paragraph(
                "<p>Vi går gjennom kartleggingsverktøyet, ser på eksempler fra tre "
                "kommuner og jobber i grupper med en plan for egen kommune.</p>"
            )
        ],
        "materials": [
            ("digital-kompetanse-i-kommunene", "Bakgrunn"),
        ],
        "registrants": [
            "ingvild.solberg@demo.dela.example",
            "ola.haugen@demo.dela.example",
            "kari.bakke@demo.dela.example",
        ],
    },
    {
        "slug": "workshop-kompetanseplattformen-i-praksis",
        "competences": ["5.4", "1.3"],
        "title": "Workshop: kompetanseplattformen i praksis",
        "kind": "workshop",
        "language": "nb",
        "timezone": "Europe/Oslo",
        "days": 63,
        "start": (9, 0),
        "end": (11, 0),
        "online_url": "https://mote.example/ks-plattformen",
        "organiser": ("NO", "4601"),
        "organiser_name": "KS",
        "audience": ["employees"],
        "capacity": None,
        "summary": (
            "Oppfølging for kommuner som har tatt i bruk kompetanseplattformen: "
            "erfaringer, spørsmål og neste steg."
        ),
        "description": [],
    },
    {
        "slug": "workshop-digitale-kompetencer-kl",
        "competences": ["5.4", "5.2"],
        "title": "Workshop om digitale kompetencer for alle medarbejdere",
        "kind": "workshop",
        "language": "da",
        "timezone": "Europe/Copenhagen",
        "days": 28,
        "start": (10, 0),
        "end": (14, 0),
        "place": "Aarhus Rådhus, mødelokale 2",
        "online_url": "https://mode.example/kl-kompetencer",
        "organiser": ("DK", "751"),
        "organiser_name": "KL",
        "audience": ["employees", "managers"],
        "capacity": 20,
        "summary": (
            "Vi arbejder med KL's kompetenceprofil: hvilke digitale kompetencer har "
            "alle kommunalt ansatte brug for, og hvordan kommer I i gang lokalt? "
            "Deltag i Aarhus eller online."
        ),
        "description": [
            _paragraph(
                "<p>Workshoppen henvender sig til digitale ambassadører, HR og "
                "ledere. Medbring gerne jeres egne erfaringer.</p>"
            )
        ],
        "materials": [
            ("digitalt-kompetente-kommuner", "Kompetenceprofilen"),
        ],
        "registrants": [
            "mads.kjaer@demo.dela.example",
            "line.dalsgaard@demo.dela.example",
        ],
    },
    {
        "slug": "kurs-digital-vardag-over-65-kalmar",
        "competences": ["1.1", "2.1", "4.2"],
        "title": "Kurs: Digital vardag för dig över 65",
        "kind": "course",
        "language": "sv",
        "timezone": "Europe/Stockholm",
        "days": 10,
        "start": (10, 0),
        "end": (12, 0),
        "place": "Kalmar stadsbibliotek, studierummet",
        "organiser": ("SE", "0880"),
        "organiser_name": "Kalmar kommun",
        "audience": ["citizens-65"],
        "capacity": 12,
        "summary": (
            "Fyra träffar om e-legitimation, vårdens e-tjänster, videosamtal med "
            "familjen och att känna igen bedrägeriförsök. Digitaliseringsombud "
            "hjälper till på plats; ta med din egen telefon eller läsplatta."
        ),
        "description": [
            _paragraph(
                "<p>Kursen är gratis. Ombuden som leder den anmäler sig här och "
                "bjuder in deltagarna via biblioteket.</p>"
            )
        ],
        "materials": [
            ("emedarbetaren-och-emedborgaren-i-halmstad", "Så gjorde Halmstad"),
        ],
        # Twelve places: full, with a waiting list (the member is number two).
        "registrants": [
            "sara.ekstrom@demo.dela.example",
            "karin.holm@demo.dela.example",
            "elin.sjoberg@demo.dela.example",
            "anders.nystrom@demo.dela.example",
            "yusuf.demir@demo.dela.example",
            "ambassador@dela.example",
            "moderator@dela.example",
            "ingvild.solberg@demo.dela.example",
            "ola.haugen@demo.dela.example",
            "kari.bakke@demo.dela.example",
            "mads.kjaer@demo.dela.example",
            "line.dalsgaard@demo.dela.example",
            "lars.kvist@demo.dela.example",
            "member@dela.example",
        ],
    },
    {
        "slug": "natverkstraff-sa-delar-vi-erfarenheter",
        "competences": ["2.2", "2.4"],
        "title": "Nätverksträff: så delar vi erfarenheter mellan kommunerna",
        "kind": "network-meeting",
        "language": "sv",
        "timezone": "Europe/Stockholm",
        "days": -42,
        "start": (9, 0),
        "end": (12, 0),
        "place": "Falkenbergs stadshus, Ätran",
        "organiser": ("SE", "1382"),
        "organiser_name": "Digga Halland",
        "audience": ["employees"],
        "capacity": 25,
        "summary": (
            "Ombuden jämförde hur kommunerna sprider goda exempel och bestämde att "
            "filma de lokala aktiviteterna, så att alla kan se dem efteråt."
        ),
        "description": [
            _paragraph(
                "<p>Träffen ledde till filmer från alla sex kommuner och till "
                "berättelserna nedan.</p>"
            )
        ],
        "materials": [
            ("digitaliseringsombud-i-laholms-socialtjanst", "Underlag"),
        ],
        "results": [
            ("digga-halland-sex-kommuner-lar-av-varandra", "Filmerna från träffen"),
            ("emedarbetaren-och-emedborgaren-i-halmstad", "Halmstads berättelse"),
        ],
        "past_registrants": [
            "karin.holm@demo.dela.example",
            "elin.sjoberg@demo.dela.example",
            "ambassador@dela.example",
        ],
    },
    {
        "slug": "workshop-kompetenceprofil-opsamling",
        "competences": ["5.4", "2.4"],
        "title": "Workshop: kompetenceprofilen – opsamling og erfaringer",
        "kind": "workshop",
        "language": "da",
        "timezone": "Europe/Copenhagen",
        "days": -20,
        "start": (13, 0),
        "end": (15, 0),
        "online_url": "https://mode.example/kl-opsamling",
        "organiser": ("DK", "461"),
        "organiser_name": "KL",
        "audience": ["managers"],
        "capacity": None,
        "summary": (
            "Kommunerne delte erfaringer med at bruge kompetenceprofilen i "
            "medarbejderudviklingssamtaler."
        ),
        "description": [],
        "materials": [("digitalt-kompetente-kommuner", "Kompetenceprofilen")],
        "results": [("digitalt-kompetente-kommuner", "Opsamling")],
        "past_registrants": ["jonas.friis@demo.dela.example"],
    },
]


def load(stdout, style):
    """Create or update the events index, the events and the demo registrations."""
    index, index_changed = _ensure_index()
    ensure_home_section(
        "Evenemang",
        "Nätverksträffar, workshoppar och kurser: anmäl dig, lägg till i kalendern "
        "och hitta materialet från tidigare träffar.",
        page=index,
    )
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
    wanted = {"title": INDEX_TITLE, "intro": INDEX_INTRO, "show_in_menus": True}
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
    wall = datetime.datetime.combine(day, datetime.time(*hour_minute))
    return wall_time_to_utc(wall, zone)


def _pages(slugs_and_notes):
    """(page, note) for the linked demo pages that exist and are published.

    A slug is unique only among siblings (a story and a video may share one): the
    first page made with it wins, so a later demo's pages never change the links."""
    slugs = [slug for slug, _note in slugs_and_notes]
    pages = Page.objects.live().filter(slug__in=slugs).order_by("-pk")
    found = {page.slug: page for page in pages}
    return [(found[slug], note) for slug, note in slugs_and_notes if slug in found]


def _ensure_event(index, spec, today):
    zone = spec["timezone"]
    country, code = spec["organiser"]
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
