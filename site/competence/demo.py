"""Demo content of the competence app for `manage.py load_demo`: learning paths made
of the other apps' demo pages, competence profiles for six roles (as KL's generic
profiles), and self-assessments by the fictional demo people, so the result page,
the recommendations, progress over time and the programme view have something to
show.

Runs after the other apps (INSTALLED_APPS order). Pages and people are found by
slug, title and e-mail; what is missing (an app without demo) is skipped. Running it
again changes nothing: paths get a new revision only when their steps changed,
profiles are updated in place, and a person's assessments are made only once.
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from taxonomy.models import Competence, Sector, TargetGroup

from .models import (
    Assessment,
    LearningPathIndexPage,
    LearningPathPage,
    LearningPathStep,
    ProgrammeLead,
    RoleProfile,
    RoleTarget,
)
from .paths import follow, mark_step
from .services import finish, save_ratings

INDEX_SLUG = "paths"
INDEX_TITLE = "Lärvägar"
INDEX_INTRO = (
    "Lärvägar sätter ihop berättelser, goda exempel, filmer och träffar från Dela i "
    "en ordning som går att följa, en vecka i taget. Markera stegen du har gjort och "
    "se hur långt du har kommit."
)

# Steps: (model label, "slug" or "title", value, what to do).
PATHS = [
    {
        "slug": "digital-tillsyn-i-hemtjansten",
        "title": "Digital tillsyn i hemtjänsten på fem veckor",
        "language": "sv",
        "duration": "Fem veckor, en timme i veckan",
        "summary": (
            "För undersköterskor och ombud i hemtjänsten: från digitala nycklar och "
            "läsplattor till trygghetssensorer och hur kollegorna kommer i gång."
        ),
        "intro": (
            "<p>Vecka för vecka går du igenom hur andra kommuner har infört digital "
            "tillsyn. Ta gärna en kollega med dig och prata om varje steg på "
            "arbetsplatsträffen.</p>"
        ),
        "competences": ["2.1", "4.1", "4.2", "5.2"],
        "target_groups": ["employees"],
        "sector": "elderly-care",
        "steps": [
            (
                "stories.CaseStoryPage",
                "slug",
                "digitaliseringsombud-i-laholms-socialtjanst",
                "Läs hur ombuden i Laholm började.",
            ),
            (
                "dela_media.VideoPage",
                "slug",
                "surfplattan-i-hemtjansten",
                "Se filmen och prova surfplattan med en kollega.",
            ),
            (
                "catalogue.CatalogueEntryPage",
                "title",
                "Sensorer som ger trygghet i hemtjänsten",
                "Vad skulle sensorer betyda hos era brukare? Skriv ner två frågor.",
            ),
            (
                "catalogue.CatalogueEntryPage",
                "title",
                "Digitaliseringsombud i vård och omsorg",
                "Jämför med hur ombuden arbetar hos er.",
            ),
            (
                "events.EventPage",
                "slug",
                "natverkstraff-laholm-digitala-nycklar",
                "Anmäl dig till nätverksträffen och ta med dina frågor.",
            ),
        ],
    },
    {
        "slug": "digital-kompetanse-for-ledere",
        "title": "Digital kompetanse for ledere på fire uker",
        "language": "nb",
        "duration": "Fire uker",
        "summary": (
            "For ledere som vil kartlegge og løfte den digitale kompetansen i "
            "enheten sin, med KS' kompetanseplattform og erfaringer fra kommunene."
        ),
        "intro": (
            "<p>Start med å se hvordan andre kommuner har jobbet, prøv "
            "kompetanseplattformen med ledergruppen og møt andre på workshopen.</p>"
        ),
        "competences": ["2.4", "5.2", "5.4"],
        "target_groups": ["managers"],
        "sector": "administration",
        "steps": [
            (
                "stories.CaseStoryPage",
                "slug",
                "digital-kompetanse-i-kommunene",
                "Les hvordan kommunene kom i gang.",
            ),
            (
                "dela_media.VideoPage",
                "slug",
                "digital-kompetanse-i-kommunen",
                "Se filmen sammen med ledergruppen.",
            ),
            (
                "catalogue.CatalogueEntryPage",
                "title",
                "Digital kompetanseplattform før workshopene",
                "Prøv plattformen før workshopen.",
            ),
            (
                "events.EventPage",
                "slug",
                "workshop-digital-kompetanse-ks",
                "Meld deg på workshopen.",
            ),
        ],
    },
    {
        "slug": "digital-hverdag-over-65",
        "title": "Digital hverdag for borgere over 65",
        "language": "da",
        "duration": "Tre uger",
        "summary": (
            "For medarbejdere på bibliotek og i hjemmeplejen, der hjælper borgere "
            "over 65 i gang med skærmbesøg, MitID og sikker brug af nettet."
        ),
        "intro": (
            "<p>Se hvordan andre kommuner hjælper ældre borgere, og brug "
            "materialerne fra workshoppen i jeres egne digitale caféer.</p>"
        ),
        "competences": ["1.1", "2.1", "4.2"],
        "target_groups": ["citizens-65"],
        "sector": "library",
        "steps": [
            (
                "catalogue.CatalogueEntryPage",
                "title",
                "Digital hjælp til borgere over 65",
                "Læs, hvordan hjælpen er bygget op.",
            ),
            (
                "catalogue.CatalogueEntryPage",
                "title",
                "Skærmbesøg i hjemmeplejen",
                "Tal med en kollega om, hvem der kunne have glæde af skærmbesøg.",
            ),
            (
                "stories.CaseStoryPage",
                "slug",
                "digitalt-kompetente-kommuner",
                "Læs om de digitalt kompetente kommuner.",
            ),
            (
                "events.EventPage",
                "slug",
                "workshop-digitale-kompetencer-kl",
                "Tilmeld dig workshoppen.",
            ),
        ],
    },
]

# Competence profiles for roles: names (sv, nb, da, en), target group, targets.
PROFILES = [
    (
        "care-worker",
        (
            "Undersköterska",
            "Helsefagarbeider",
            "Social- og sundhedsassistent",
            "Care worker",
        ),
        "employees",
        "Digital tillsyn, trygghetslarm, journal i mobilen och säker hantering av "
        "brukarnas uppgifter.",
        {"1.1": 3, "2.1": 3, "4.1": 3, "4.2": 4, "4.3": 3, "5.1": 3},
    ),
    (
        "teacher",
        ("Lärare", "Lærer", "Lærer", "Teacher"),
        "employees",
        "Digitala läromedel, källkritik och upphovsrätt i undervisningen.",
        {"1.2": 4, "2.2": 4, "3.1": 4, "3.3": 3, "4.2": 4, "5.3": 4},
    ),
    (
        "librarian",
        ("Bibliotekarie", "Bibliotekar", "Bibliotekar", "Librarian"),
        "employees",
        "Hjälpa invånare att söka, värdera och använda digitala tjänster.",
        {"1.1": 5, "1.2": 5, "2.3": 4, "3.3": 4, "4.2": 4, "5.2": 4},
    ),
    (
        "manager",
        ("Chef", "Leder", "Leder", "Manager"),
        "managers",
        "Leda digital utveckling och se till att medarbetarna får den kompetens de "
        "behöver.",
        {"2.2": 3, "2.4": 4, "4.2": 4, "5.2": 4, "5.4": 5},
    ),
    (
        "politician",
        ("Förtroendevald", "Folkevalgt", "Politiker", "Politician"),
        "politicians",
        "Fatta beslut om digitalisering och föra dialog med invånarna digitalt.",
        {"1.2": 4, "2.3": 4, "2.5": 3, "4.2": 3},
    ),
    (
        "citizen-65",
        ("Invånare 65+", "Innbygger 65+", "Borger over 65", "Citizen 65+"),
        "citizens-65",
        "Klara vardagens digitala tjänster tryggt: e-legitimation, vården, banken.",
        {"1.1": 2, "2.1": 2, "4.1": 2, "4.2": 2, "5.1": 2},
    ),
]

# Self-assessments of fictional demo people in Halland (enough for the programme
# view's five-person rule): a base level, and the competences they rate lower.
ASSESSMENTS = [
    ("member@dela.example", 3, ("4.2", "3.3", "5.4")),
    ("ambassador@dela.example", 5, ("3.4",)),
    ("karin.holm@demo.dela.example", 4, ("3.4", "4.4")),
    ("elin.sjoberg@demo.dela.example", 3, ("1.2", "2.6")),
    ("anders.nystrom@demo.dela.example", 4, ("4.2",)),
    ("lars.kvist@demo.dela.example", 2, ("1.3", "3.1", "4.2")),
]
# The demo member assessed themself once before, lower: the result shows progress.
EARLIER = {"member@dela.example": (2, ("4.2", "3.3", "5.4", "2.4"))}


def load(stdout, style):
    from home.demo import ensure_home_section

    index = _ensure_index()
    ensure_home_section(
        "Digital kompetens",
        "Skatta din digitala kompetens enligt DigComp, se dina luckor och vad du kan "
        "läsa härnäst, och följ en lärväg steg för steg.",
        path="/competence/",
    )
    made = [_ensure_path(index, spec) for spec in PATHS]
    made = [path for path in made if path is not None]
    for slug, names, group, description, targets in PROFILES:
        _ensure_profile(slug, names, group, description, targets)
    people = _ensure_assessments()
    # The demo member follows the first path and has done two steps.
    member = get_user_model().objects.filter(email="member@dela.example").first()
    if member and made and not made[0].follows.filter(user=member).exists():
        follow(member, made[0])
        for step in made[0].ordered_steps()[:2]:
            mark_step(member, step)
    _ensure_programme_lead()
    stdout.write(
        f"  {len(made)} learning paths, {len(PROFILES)} competence profiles, "
        f"{people} people with self-assessments"
    )


# Karin Holm (Halmstad) leads Digga Halland's programme: signed in with the demo
# password, she sees the programme view for Hallands län and its municipalities.
PROGRAMME_LEAD = ("karin.holm@demo.dela.example", ("SE", "13"))


def _ensure_programme_lead():
    from taxonomy.models import Region

    email, (country, code) = PROGRAMME_LEAD
    user = get_user_model().objects.filter(email=email).first()
    region = Region.objects.filter(country__code=country, official_code=code).first()
    if user is None or region is None:
        return
    # get_or_create, then save: the save keeps the Programme lead role in step even
    # when the people's demo has just set this person's roles anew.
    lead, _created = ProgrammeLead.objects.get_or_create(user=user, region=region)
    lead.save()


def _ensure_index():
    from home.demo import home_page

    index = LearningPathIndexPage.objects.first()
    if index is None:
        index = LearningPathIndexPage(
            title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO, show_in_menus=True
        )
        home_page().add_child(instance=index)
        index.save_revision().publish()
    return index


def _find(label, by, value):
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return model.objects.live().filter(**{by: value}).first()


def _ensure_path(index, spec):
    targets = [
        (page, note)
        for page, note in (
            (_find(label, by, value), note) for label, by, value, note in spec["steps"]
        )
        if page is not None
    ]
    if not targets:
        return None
    path = LearningPathPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    wanted = [(page.pk, note) for page, note in targets]
    if path is not None:
        current = [(s.page_id, s.note) for s in path.steps.order_by("sort_order")]
        if current == wanted and path.live:
            return path
    else:
        path = LearningPathPage(slug=spec["slug"], live=False)
    path.title = spec["title"]
    path.language = spec["language"]
    path.summary = spec["summary"]
    path.intro = spec["intro"]
    path.duration = spec["duration"]
    path.sector = Sector.objects.filter(slug=spec["sector"]).first()
    path.competences = list(Competence.objects.filter(code__in=spec["competences"]))
    path.target_groups = list(
        TargetGroup.objects.filter(slug__in=spec["target_groups"])
    )
    path.steps = [LearningPathStep(page=page, note=note) for page, note in targets]
    if path.pk is None:
        index.add_child(instance=path)
    path.save_revision().publish()
    return LearningPathPage.objects.get(pk=path.pk)


def _ensure_profile(slug, names, group, description, targets):
    profile, _created = RoleProfile.objects.get_or_create(
        slug=slug, defaults={"name_sv": names[0]}
    )
    profile.name_sv, profile.name_nb, profile.name_da, profile.name_en = names
    profile.description = description
    profile.target_group = TargetGroup.objects.filter(slug=group).first()
    profile.save()
    by_code = {c.code: c for c in Competence.objects.filter(code__in=targets)}
    profile.targets.exclude(competence__code__in=targets).delete()
    for order, (code, level) in enumerate(sorted(targets.items())):
        RoleTarget.objects.update_or_create(
            profile=profile,
            competence=by_code[code],
            defaults={"level": level, "sort_order": order},
        )


def _assess(user, base, lower, when):
    competences = list(Competence.objects.all())
    save_ratings(
        user,
        {c: max(base - 2, 0) if c.code in lower else base for c in competences},
    )
    assessment = finish(user)
    Assessment.objects.filter(pk=assessment.pk).update(
        started_at=when, completed_at=when
    )


def _ensure_assessments():
    people = 0
    now = timezone.now()
    for email, base, lower in ASSESSMENTS:
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            continue
        people += 1
        if Assessment.objects.filter(user=user).exists():
            continue
        if email in EARLIER:
            earlier_base, earlier_lower = EARLIER[email]
            _assess(
                user, earlier_base, earlier_lower, now - datetime.timedelta(days=120)
            )
        _assess(user, base, lower, now - datetime.timedelta(days=3))
    return people
