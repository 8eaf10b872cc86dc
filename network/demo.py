"""Demo network for `manage.py load_demo`: categories and groups in Swedish, Norwegian
and Danish, threads between the demo ambassadors of different municipalities, solved
questions, reactions and profiles for the directory.

Everyone is fictional (the accounts demo's people and a few more on `.example`).
Idempotent: places are found by slug, threads by title in their place, profiles are
brought up to date; nothing is created twice.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from taxonomy.models import Competence, Region, Sector

from . import limits, services
from .models import (
    Category,
    Group,
    GroupMembership,
    Post,
    Reaction,
    Thread,
    Visibility,
)

User = get_user_model()

SOFIA = "ambassador@dela.example"  # Halmstad, the ambassador demo login
HENRIK = "moderator@dela.example"  # Stavanger
MAJA = "member@dela.example"  # Varberg
KARIN = "karin.holm@demo.dela.example"  # Halmstad
ELIN = "elin.sjoberg@demo.dela.example"  # Laholm
ANDERS = "anders.nystrom@demo.dela.example"  # Falkenberg
INGVILD = "ingvild.solberg@demo.dela.example"  # Bergen
OLA = "ola.haugen@demo.dela.example"  # Trondheim
MADS = "mads.kjaer@demo.dela.example"  # Aarhus
LINE = "line.dalsgaard@demo.dela.example"  # København

PROFILES = {
    SOFIA: dict(
        title="Digitaliseringsombud, hemtjänsten",
        sector="elderly-care",
        languages=["sv", "en"],
        expertise=["välfärdsteknik", "digitala nycklar", "eMedarbetaren"],
        competences=["2.4", "5.2"],
        bio="Undersköterska som blev digitaliseringsombud 2019. Jag hjälper kollegor "
        "att komma i gång med surfplattor och digitala nycklar.",
        can_help_with="Införande av digitala nycklar, workshops för kollegor.",
        visibility="public",
    ),
    KARIN: dict(
        title="Utvecklingsstrateg IT",
        sector="administration",
        languages=["sv", "nb"],
        expertise=["eMedborgaren", "e-tjänster", "digital inkludering"],
        competences=["1.1", "2.2", "5.4"],
        bio="Leder Halmstads satsning på eMedarbetaren och eMedborgaren.",
        can_help_with="Kompetenssäkring av medarbetare, kurser för medborgare.",
        visibility="public",
    ),
    ELIN: dict(
        title="Bibliotekarie",
        sector="library",
        languages=["sv"],
        expertise=["digital inkludering", "seniorer"],
        competences=["2.1", "4.2"],
        bio="Håller digitala caféer för seniorer på Laholms bibliotek.",
        can_help_with="Att starta ett digitalt café.",
        visibility="members",
    ),
    ANDERS: dict(
        title="Skoldigitaliseringsombud",
        sector="school",
        languages=["sv", "en"],
        expertise=["skola", "programmering"],
        competences=["3.4", "5.3"],
        visibility="public",
    ),
    INGVILD: dict(
        title="Digital ambassadør, helse og omsorg",
        sector="elderly-care",
        languages=["nb", "nn", "sv"],
        expertise=["velferdsteknologi", "digitale nøkler"],
        competences=["2.4", "5.1"],
        bio="Jobber med velferdsteknologi i Bergen kommune.",
        can_help_with="Opplæring av ansatte i hjemmetjenesten.",
        visibility="public",
    ),
    OLA: dict(
        title="Digital ambassadør, NAV-kontoret",
        sector="social-care",
        languages=["nb"],
        expertise=["digital inkludering", "KS Læring"],
        competences=["2.3", "4.2"],
        visibility="public",
    ),
    MADS: dict(
        title="Digital ambassadør, ældreplejen",
        sector="elderly-care",
        languages=["da", "en"],
        expertise=["velfærdsteknologi", "skærmbesøg"],
        competences=["2.1", "2.4"],
        bio="Digital ambassadør i Aarhus Kommunes ældrepleje.",
        visibility="public",
    ),
    LINE: dict(
        title="Bibliotekar",
        sector="library",
        languages=["da"],
        expertise=["digital inklusion", "MitID"],
        competences=["1.1", "4.2"],
        visibility="members",
    ),
    HENRIK: dict(
        title="Rådgiver digitalisering",
        sector="administration",
        languages=["nb", "da", "sv"],
        expertise=["moderering", "digital kompetanse"],
        competences=["2.5", "5.4"],
        visibility="public",
    ),
}

CATEGORIES = [
    (
        "valfardsteknik",
        "Välfärdsteknik · Velferdsteknologi · Velfærdsteknologi",
        "Digitala nycklar, trygghetslarm, skärmbesök: erfarenheter från vård och "
        "omsorg i de tre länderna.",
        Visibility.PUBLIC,
        False,
    ),
    (
        "digital-inkludering",
        "Digital inkludering · Digital inklusion",
        "Hur når vi invånare som står utanför? Digitala caféer, bibliotek och "
        "seniorer.",
        Visibility.PUBLIC,
        True,
    ),
    (
        "kompetens",
        "Kompetens och DigComp",
        "Kompetenssäkring av medarbetare: eMedarbetaren, KS Læring, "
        "kompetenceprofiler.",
        Visibility.PUBLIC,
        False,
    ),
    (
        "ombudsrummet",
        "Ombudsrummet · Ambassadørrommet",
        "För inloggade medlemmar: frågor om rollen som ombud och ambassadør.",
        Visibility.MEMBERS,
        True,
    ),
]

GROUPS = [
    (
        "digga-halland",
        "Digga Halland",
        "Det regionala nätverket för digitaliseringsombud i Hallands kommuner: "
        "nätverksträffar, workshoppar och erfarenhetsutbyte.",
        Visibility.PUBLIC,
        ("SE", "Hallands län"),
        KARIN,
        [SOFIA, ELIN, ANDERS, MAJA],
    ),
    (
        "digitale-ambassadorer-vestland",
        "Digitale ambassadører Vestland",
        "Nettverk for digitale ambassadører i kommunene i Vestland.",
        Visibility.MEMBERS,
        None,
        INGVILD,
        [HENRIK, OLA],
    ),
    (
        "nordisk-styrgrupp",
        "Nordisk styrgrupp",
        "Privat grupp för samordnarna i de tre länderna.",
        Visibility.PRIVATE,
        None,
        HENRIK,
        [KARIN, MADS],
    ),
]

# (place slug, is_group, title, language, tags, author, first post,
#  replies [(author, text)], index of the solution reply or None,
#  reactions [(reply index, user, kind)])
THREADS = [
    (
        "valfardsteknik",
        False,
        "Hur fick ni med nattpersonalen på digitala nycklar?",
        "sv",
        ["digitala nycklar", "hemtjänst"],
        ELIN,
        "Vi inför digitala nycklar i hemtjänsten i Laholm i höst. Dagpersonalen är "
        "med, men nattpersonalen är orolig för att låsen ska krångla när ingen "
        "support finns. Hur gjorde ni?",
        [
            (
                SOFIA,
                "Vi hade samma oro i Halmstad. Det som hjälpte var att två ombud gick "
                "med på nattpassen de första två veckorna, och att vi skrev en "
                "**reservrutin** på ett A4: vad man gör om låset inte svarar.\n\n"
                "- Ring jourtelefonen\n- Använd nyckelgömman\n- Skriv avvikelse\n\n"
                "@elin-sjoberg jag kan skicka vår rutin!",
            ),
            (
                INGVILD,
                "I Bergen hadde vi også nattevakter med på opplæringen fra dag én. "
                "Det viktigste var at de fikk prøve låsene selv på dagtid først.",
            ),
            (ELIN, "Tack båda två! Vi provar reservrutinen och nattpassen."),
        ],
        0,
        [(0, ELIN, "helpful"), (0, KARIN, "like"), (1, ELIN, "thanks")],
    ),
    (
        "valfardsteknik",
        False,
        "Skærmbesøg i ældreplejen: hvor mange borgere takker ja?",
        "da",
        ["skærmbesøg", "velfærdsteknologi"],
        MADS,
        "I Aarhus tilbyder vi skærmbesøg til borgere i hjemmeplejen. Omkring 30 % "
        "takker ja. Hvordan ser det ud hos jer, og hvad fik flere med?",
        [
            (
                INGVILD,
                "Hos oss i Bergen er det rundt 40 %. Det som hjalp mest var at "
                "pårørende fikk være med på første samtale.",
            ),
            (
                LINE,
                "Biblioteket i København har hjulpet borgere med at prøve tabletten "
                "før de siger ja eller nej. Det kan I måske låne idéen fra.",
            ),
        ],
        0,
        [(0, MADS, "helpful"), (1, MADS, "thanks")],
    ),
    (
        "digital-inkludering",
        False,
        "Tips för ett digitalt café för seniorer?",
        "sv",
        ["digital inkludering", "seniorer", "bibliotek"],
        MAJA,
        "Jag jobbar i Varberg och vill starta ett digitalt café på biblioteket. Vad "
        "ska vi tänka på första gången?",
        [
            (
                ELIN,
                "Börja smått: max åtta deltagare och lika många handledare som "
                "möjligt. Ha BankID-frågor som ett eget tema, det är det alla vill "
                "prata om.",
            ),
            (
                LINE,
                "Hos os er MitID det store emne. Vi laver en fast tid hver tirsdag, "
                "så folk ved, hvornår de kan komme.",
            ),
        ],
        0,
        [(0, MAJA, "thanks"), (1, MAJA, "like")],
    ),
    (
        "kompetens",
        False,
        "Hvordan bruker dere KS Læring sammen med DigComp?",
        "nb",
        ["KS Læring", "DigComp"],
        OLA,
        "Vi har tatt i bruk KS Læring i Trondheim. Er det noen som har koblet "
        "kursene til DigComp-kompetansene, slik at ansatte ser hva de mangler?",
        [
            (
                KARIN,
                "I Halmstad kopplade vi eMedarbetarens moduler till DigComp 2.2: "
                "varje modul har en eller två kompetenser. Jag delar gärna vår "
                "tabell!",
            ),
        ],
        None,
        [(0, OLA, "helpful")],
    ),
    (
        "digga-halland",
        True,
        "Vilket verktyg använder ni för att visa e-tjänsterna för medborgarna?",
        "sv",
        ["e-tjänster", "eMedborgaren"],
        SOFIA,
        "Inför nästa nätverksträff i Digga Halland: vilket verktyg använder ni när "
        "ni visar kommunens e-tjänster för invånare? Vi har provat att spela in "
        "korta filmer.",
        [
            (
                ANDERS,
                "I Falkenberg använder vi skärminspelning och lägger filmerna på "
                "webben. Korta filmer på under två minuter fungerar bäst.",
            ),
            (
                KARIN,
                "Vi kör eMedborgarens kursmaterial på biblioteken och har en "
                "demo-version av e-tjänsterna som man kan prova utan BankID.",
            ),
        ],
        1,
        [(0, SOFIA, "like"), (1, SOFIA, "helpful"), (1, ELIN, "like")],
    ),
    (
        "digga-halland",
        True,
        "Nätverksträff i Halmstad: förslag på teman",
        "sv",
        ["nätverksträff"],
        KARIN,
        "Nästa träff blir i Halmstad. Vilka teman vill ni ha? Skriv gärna här.",
        [
            (ELIN, "Digitala nycklar, gärna med någon från Norge som berättar!"),
            (SOFIA, "Hur vi mäter effekter av ombudens arbete."),
        ],
        None,
        [],
    ),
    (
        "digitale-ambassadorer-vestland",
        True,
        "Opplæring av nye ambassadører i høst",
        "nb",
        ["opplæring"],
        INGVILD,
        "Vi planlegger en samling for nye digitale ambassadører i september. Hvem "
        "vil holde en økt om velferdsteknologi?",
        [(HENRIK, "Jeg kan ta en økt om nettvett og moderering i fagnettverk.")],
        None,
        [],
    ),
    (
        "nordisk-styrgrupp",
        True,
        "Gemensam nordisk träff 2026",
        "sv",
        [],
        HENRIK,
        "Ska vi ha en gemensam digital träff för ombud och ambassadörer i alla tre "
        "länderna nästa vår?",
        [(MADS, "Ja! Vi kan stå for teknikken fra Aarhus.")],
        None,
        [],
    ),
]


def _users():
    wanted = {email.lower() for email in PROFILES} | {MAJA}
    return {u.email.lower(): u for u in User.objects.filter(email__in=wanted)}


def _profile(user, data):
    profile = services.profile_of(user)
    profile.title = data.get("title", "")
    profile.sector = Sector.objects.filter(slug=data.get("sector")).first()
    profile.set_languages(data.get("languages", []))
    profile.bio = data.get("bio", "")
    profile.can_help_with = data.get("can_help_with", "")
    profile.visibility = data.get("visibility", "members")
    profile.save()
    profile.expertise.set(data.get("expertise", []))
    profile.competences.set(Competence.objects.filter(code__in=data["competences"]))


def _place(slug, is_group):
    return (Group if is_group else Category).objects.get(slug=slug)


def load(stdout, style):
    users = _users()
    if SOFIA not in users:
        stdout.write("  network: the accounts demo has not run; skipped")
        return
    made = 0
    with transaction.atomic(), limits.suspended():
        for email, data in PROFILES.items():
            if email in users:
                _profile(users[email], data)
        for position, (
            slug,
            name,
            description,
            visibility,
            open_,
        ) in enumerate(CATEGORIES):
            Category.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "visibility": visibility,
                    "members_can_start_threads": open_,
                    "position": position,
                },
            )
        for slug, name, description, visibility, region, admin, members in GROUPS:
            region_obj = (
                Region.objects.filter(country__code=region[0], name=region[1]).first()
                if region
                else None
            )
            group, _created = Group.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "visibility": visibility,
                    "region": region_obj,
                },
            )
            if admin in users:
                services._add_member(group, users[admin], GroupMembership.Role.ADMIN)
            for email in members:
                if email in users:
                    services._add_member(group, users[email])
        for spec in THREADS:
            made += _thread(spec, users)
    stdout.write(
        f"  network: {Category.objects.count()} categories, "
        f"{Group.objects.count()} groups, {Thread.objects.count()} threads "
        f"({made} new)"
    )


def _thread(spec, users):
    slug, is_group, title, language, tags, author, body, replies, solution, reacts = (
        spec
    )
    place = _place(slug, is_group)
    lookup = {"group": place} if is_group else {"category": place}
    if Thread.objects.filter(title=title, **lookup).exists():
        return 0
    if author not in users:
        return 0
    thread = services.start_thread(
        users[author], place, title, body, tags=tags, language=language
    )
    posts = []
    for email, text in replies:
        if email in users:
            post, _created = services.reply(users[email], thread, text)
            posts.append(post)
    # Spread the conversation over the last weeks, as a real one would be.
    start = timezone.now() - timedelta(days=3 + len(title) % 20, hours=len(body) % 9)
    every = Post.objects.filter(thread=thread).order_by("position")
    for index, post in enumerate(every):
        Post.objects.filter(pk=post.pk).update(
            created_on=start + timedelta(hours=5 * index)
        )
    last = start + timedelta(hours=5 * (len(posts)))
    Thread.objects.filter(pk=thread.pk).update(created_on=start, last_post_on=last)
    thread.refresh_from_db()
    if solution is not None and solution < len(posts):
        services.mark_solution(users[author], posts[solution])
    for index, email, kind in reacts:
        if email in users and index < len(posts):
            post = posts[index]
            if (
                post.author_id != users[email].pk
                and not Reaction.objects.filter(
                    post=post, user=users[email], kind=kind
                ).exists()
            ):
                services.toggle_reaction(users[email], post, kind)
    return 1
