"""Demo case stories for `manage.py load_demo`: the story index at /stories/, eight
published stories in Swedish, Norwegian (bokmål and nynorsk) and Danish drawn from the
seed articles, and two submissions by ambassador@dela.example that show the review
workflow (one in review, one sent back with the editor's comment).

Stories are found by slug under the index and only get a new revision when their
content changed, so running the demo again adds neither pages nor history. The
submissions go through the same services as the site's "Share an experience" form and
the editors' review. People and quotes are invented; quotes name roles, not persons.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.rich_text import RichText

from home.demo import ensure_home_section, home_page
from home.demo import facts_block as _facts
from home.demo import heading_block as _heading
from home.demo import paragraph_block as _paragraph
from home.demo import quote_block as _quote
from home.demo import stream_json as _plain
from home.demo_pictures import picture_fields
from taxonomy.models import Competence, Municipality, Sector, TargetGroup
from taxonomy.review import ReviewAction, review_page

from .models import CaseStoryPage, StoryIndexPage
from .services import StoryInput, ensure_review_workflow, story_slug, submit_story

INDEX_SLUG = "stories"
AUTHOR_EMAIL = "ambassador@dela.example"
EDITOR_EMAIL = "editor@dela.example"


def load(stdout, style):
    """Write the story index, the published stories and the two submissions."""
    index = _ensure_index(home_page())
    ensure_review_workflow()
    ensure_home_section(
        "Berättelser",
        "Kommuner berättar om det de har provat: vad de gjorde, vad det gav och vad "
        "de lärde sig. Dela din egen erfarenhet.",
        page=index,
    )
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
    wanted = {"title": "Berättelser", "intro": INDEX_INTRO, "show_in_menus": True}
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
    for data, review in SUBMISSIONS:
        slug = story_slug(data["title"])
        if CaseStoryPage.objects.child_of(index).filter(slug__startswith=slug).exists():
            continue
        story = submit_story(author, index, _submission_data(data))
        created += 1
        if review and editor is not None:
            review_page(story, editor, ReviewAction.REQUEST_CHANGES, comment=review)
    return created


def _submission_data(data):
    """The demo's literal (terms by their codes) as a StoryInput."""
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


# --- Content ------------------------------------------------------------------------


def _rich(*paragraphs):
    return str(RichText("".join(f"<p>{text}</p>" for text in paragraphs)))


INDEX_INTRO = (
    "Digitaliseringsombud och digitala ambassadörer berättar om det de har provat i "
    "sina kommuner: vad de gjorde, vad det gav och vad de skulle göra annorlunda. "
    "Filtrera på kommun, verksamhet, målgrupp, digital kompetens och språk."
)

STORIES = [
    {
        "slug": "emedarbetaren-och-emedborgaren-i-halmstad",
        "title": "eMedarbetaren och eMedborgaren: it-kompetens för hela Halmstad",
        "summary": (
            "Halmstad blev först i landet med att erbjuda invånarna utbildningen "
            "eMedborgaren och gav samtidigt alla 7 800 medarbetare en "
            "kompetenssäkring i it. Grunden för e-förvaltningen är att både "
            "medarbetare och invånare kan använda tjänsterna."
        ),
        "language": "sv",
        "year": 2013,
        "country": "SE",
        "municipalities": ["1380"],
        "sector": "administration",
        "target_groups": ["employees", "citizens"],
        "competences": ["1.1", "2.1", "4.2"],
        "tags": ["digital kompetens", "e-förvaltning", "digital inkludering"],
        "owner": "karin.holm@demo.dela.example",
        "contacts": ["karin.holm@demo.dela.example", AUTHOR_EMAIL],
        "verified": True,
        "body": [
            _paragraph(
                "<p>En allt större del av kontakten mellan kommunen och invånarna "
                "sker på nätet. När Halmstad satte i gång ett fyraårigt "
                "e-förvaltningsprojekt stod det tidigt klart att nya e-tjänster inte "
                "räcker: både medarbetare och invånare behöver kunna använda dem.</p>"
            ),
            _heading("Två utbildningar, ett mål"),
            _paragraph(
                "<p>Medarbetarna går <b>eMedarbetaren</b>, en kompetenssäkring av "
                "baskunskaperna i it med fokus på produktivitet, kommunikation och "
                "samarbete på arbetsplatsen. Invånarna erbjuds <b>eMedborgaren</b>, "
                "en webbutbildning i att använda samhällets digitala tjänster på ett "
                "tryggt sätt.</p>"
                "<p>Målen följer den nationella strategin för e-samhället: enklare "
                "vardag för invånare och företag, en öppnare förvaltning och högre "
                "kvalitet i verksamheten.</p>"
            ),
            _facts(
                "I siffror",
                [
                    ("7 800", "medarbetare omfattas av eMedarbetaren"),
                    ("4 år", "e-förvaltningsprojekt"),
                    ("1:a", "kommunen i landet med eMedborgaren"),
                ],
            ),
            _quote(
                "Grunden för att e-förvaltningen ska fungera är att alla kan använda "
                "den, både vi som arbetar här och de vi finns till för.",
                "Utvecklingsstrateg för it, Halmstads kommun",
            ),
        ],
        "results": _rich(
            "Utbildningen har gett en gemensam grund att stå på när nya system och "
            "e-tjänster införs, och frågorna till it-supporten om grundläggande "
            "funktioner har blivit färre."
        ),
        "lessons": _rich(
            "Börja med medarbetarna: de som ska hjälpa invånarna måste själva känna "
            "sig trygga med tjänsterna.",
            "Gör utbildningen till en del av arbetstiden, inte något man gör om man "
            "hinner.",
        ),
    },
    {
        "slug": "digitaliseringsombud-i-laholms-socialtjanst",
        "title": "Digitaliseringsombud i Laholms socialtjänst: 700 utbildade",
        "summary": (
            "Genom Digga Halland har Laholm utbildat omkring 700 medarbetare och "
            "chefer i digital kompetens. Femton digitaliseringsombud sprider nu "
            "nyttan av välfärdsteknik i sina arbetslag."
        ),
        "language": "sv",
        "year": 2020,
        "country": "SE",
        "municipalities": ["1381"],
        "sector": "social-care",
        "target_groups": ["employees", "managers"],
        "competences": ["2.4", "5.2", "5.4"],
        "tags": ["digitaliseringsombud", "välfärdsteknik", "Digga Halland"],
        "owner": "elin.sjoberg@demo.dela.example",
        "contacts": ["elin.sjoberg@demo.dela.example"],
        "featured": True,
        "related": ["digga-halland-sex-kommuner-lar-av-varandra"],
        "body": [
            _paragraph(
                "<p>Laholm deltog från start i Digga Halland, samverkansprojektet där "
                "alla halländska kommuner och Region Halland höjde den digitala "
                "kompetensen hos medarbetarna i vård och omsorg. Målet var ett "
                "attraktivt arbetsliv och större nytta av digitala tjänster.</p>"
            ),
            _heading("Ombud i varje arbetslag"),
            _paragraph(
                "<p>Femton medarbetare i socialtjänsten utbildades till "
                "digitaliseringsombud, bland annat i förändringsarbete, upphandling "
                "och smarta hem. De träffas i nätverk där de delar erfarenheter och "
                "tar med sig idéer tillbaka till kollegorna.</p>"
                "<p>Alla chefer i socialtjänsten, ett fyrtiotal, gick samtidigt en "
                "utbildning i förändringsledning och digitalisering, så att ombuden "
                "möter chefer som förstår vad de arbetar med.</p>"
            ),
            _facts(
                "I siffror",
                [
                    ("ca 700", "medarbetare och chefer utbildade"),
                    ("15", "digitaliseringsombud i socialtjänsten"),
                    ("40", "chefer utbildade i förändringsledning"),
                ],
            ),
            _quote(
                "Jag kan föra kollegornas talan vidare, och jag upplever att jag blir "
                "lyssnad på.",
                "Digitaliseringsombud i hemtjänsten, Laholm",
            ),
        ],
        "results": _rich(
            "En extern utvärdering visar att ombuden känner sig delaktiga i "
            "kommunens digitalisering och att deras synpunkter får gehör hos både "
            "kollegor och ledning. Cheferna beskriver en ökad samsyn kring "
            "förändringsarbetet."
        ),
        "lessons": _rich(
            "Utbilda chefer och ombud parallellt, annars fastnar ombudens idéer.",
            "Nätverksträffarna är lika viktiga som kurserna: där lär ombuden av "
            "varandra.",
        ),
    },
    {
        "slug": "digga-halland-sex-kommuner-lar-av-varandra",
        "title": "Digga Halland: sex kommuner filmade sina lokala aktiviteter",
        "summary": (
            "I Digga Halland filmade kommunerna sina lokala aktiviteter så att alla "
            "kunde ta del av varandras arbete. Filmerna och nätverken för lärande "
            "blev projektets viktigaste arv."
        ),
        "language": "sv",
        "year": 2019,
        "country": "SE",
        "municipalities": ["1315", "1380", "1381", "1382", "1383", "1384"],
        "sector": "elderly-care",
        "target_groups": ["employees"],
        "competences": ["2.2", "2.4", "3.1"],
        "tags": ["Digga Halland", "nätverk", "film", "välfärdsteknik"],
        "owner": "anders.nystrom@demo.dela.example",
        "contacts": [
            "anders.nystrom@demo.dela.example",
            "elin.sjoberg@demo.dela.example",
        ],
        "related": ["digitaliseringsombud-i-laholms-socialtjanst"],
        "body": [
            _paragraph(
                "<p>Digga Halland pågick från augusti 2018 till januari 2021. "
                "Utöver kurserna handlade projektet om lärprocesser: kommunerna "
                "skulle utvecklas tillsammans genom att dela erfarenheter.</p>"
            ),
            _heading("Kameran med på träffarna"),
            _paragraph(
                "<p>Varje kommun filmade sina lokala aktiviteter, från "
                "introduktioner av nya appar till workshoppar om smarta hem. "
                "Filmerna lades på projektets webbsida så att en undersköterska i "
                "Hylte kunde se hur kollegorna i Kungsbacka hade gjort.</p>"
            ),
            _facts(
                "I siffror",
                [
                    ("6", "kommuner och Region Halland"),
                    ("2,5 år", "projekttid"),
                ],
            ),
        ],
        "results": _rich(
            "Nätverken för lärande och erfarenhetsutbyte lever kvar efter projektet, "
            "och filmerna används fortfarande när nya medarbetare introduceras."
        ),
        "lessons": _rich(
            "Korta filmer med kollegor som berättar slår långa manualer.",
            "Bestäm tidigt vem som äger filmerna och var de ska finnas när projektet "
            "är slut.",
        ),
    },
    {
        "slug": "digital-kompetanse-i-kommunene",
        "title": "Digital kompetanse i kommunene: et felles løft",
        "summary": (
            "KS, departementet og arbeidstakerorganisasjonene gikk sammen om et "
            "toårig utviklingsprosjekt for digital kompetanseheving. I Oslo ble "
            "prosjektet brukt til å gi ledere og tillitsvalgte et felles språk for "
            "omstilling."
        ),
        "language": "nb",
        "year": 2018,
        "country": "NO",
        "municipalities": ["0301"],
        "sector": "leadership",
        "target_groups": ["managers", "employees"],
        "competences": ["5.4", "2.4"],
        "tags": ["digital kompetanse", "omstilling", "trepartssamarbeid"],
        "owner": "kari.bakke@demo.dela.example",
        "contacts": ["kari.bakke@demo.dela.example"],
        "body": [
            _paragraph(
                "<p>Målet var en enklere hverdag for de som jobber i kommunene og "
                "for innbyggerne. Prosjektet var ikke et typisk IKT-prosjekt: det "
                "handlet om organisasjonsutvikling og omstilling som følge av "
                "digitalisering.</p>"
            ),
            _heading("Ledere og tillitsvalgte sammen"),
            _paragraph(
                "<p>I Oslo møttes ledere og tillitsvalgte i felles workshoper. Der "
                "kartla de hvilke oppgaver som endres når nye digitale løsninger tas "
                "i bruk, og hvilken kompetanse medarbeiderne trenger for å henge "
                "med.</p>"
            ),
            _facts(
                "Fakta",
                [
                    ("2 år", "utviklingsprosjekt"),
                    ("5", "parter bak avtalen"),
                ],
            ),
            _quote(
                "Vi snakket om arbeidshverdagen, ikke om systemer. Da ble det lettere "
                "å bli enige.",
                "Tillitsvalgt, Oslo kommune",
            ),
        ],
        "results": _rich(
            "Flere virksomheter har lagt digital kompetanse inn i sine "
            "kompetanseplaner, og tillitsvalgte er med tidligere når nye løsninger "
            "innføres."
        ),
        "lessons": _rich(
            "Få partene med fra starten: omstilling går raskere når alle har vært "
            "med på å beskrive behovet."
        ),
    },
    {
        "slug": "digitalt-kompetente-kommuner",
        "title": "Digitalt kompetente kommuner: én kompetenceprofil for alle",
        "summary": (
            "KL's program beskriver de digitale kompetencer, som alle kommunale "
            "medarbejdere får brug for, uanset fag. I København blev profilen "
            "grundlaget for en lokal kompetenceplan."
        ),
        "language": "da",
        "year": 2017,
        "country": "DK",
        "municipalities": ["101", "751"],
        "sector": "leadership",
        "target_groups": ["employees", "managers"],
        "competences": ["5.4", "1.3", "4.2"],
        "tags": ["digital kompetence", "kompetenceprofil", "velfærdsteknologi"],
        "owner": "line.dalsgaard@demo.dela.example",
        "contacts": [
            "line.dalsgaard@demo.dela.example",
            "mads.kjaer@demo.dela.example",
        ],
        "featured": True,
        "body": [
            _paragraph(
                "<p>Digitaliseringen rummer store muligheder for bedre kvalitet, "
                "bedre arbejdsmiljø og mere effektiv opgaveløsning, men kun hvis de "
                "rette kompetencer er til stede. Derfor beskrev KL's program de "
                "generiske digitale kompetencer, som går på tværs af fag og "
                "organisation.</p>"
            ),
            _heading("Fra profil til lokal plan"),
            _paragraph(
                "<p>I København og Aarhus brugte vi kompetenceprofilen som "
                "udgangspunkt og tilpassede den til hjemmeplejen, skolerne og "
                "bibliotekerne. Hvert fagområde valgte de tre kompetencer, der "
                "betød mest for dem, for eksempel datasikkerhed.</p>"
            ),
            _facts(
                "Programmet i tre spor",
                [
                    ("1", "kortlægning af digitale kompetencekrav"),
                    ("2", "beskrivelse af bedste praksis"),
                    ("3", "udbredelse af resultaterne"),
                ],
            ),
        ],
        "results": _rich(
            "Kompetenceprofilen gav et fælles sprog mellem HR, ledere og "
            "medarbejdere, og den bruges nu ved MUS-samtaler i flere forvaltninger."
        ),
        "lessons": _rich(
            "En generisk profil skal oversættes lokalt: lad hvert fagområde vælge "
            "sine egne eksempler."
        ),
    },
    {
        "slug": "niondeklassare-lar-invanare-65-plus",
        "title": "Niondeklassare lär invånare 65+ digital grundkunskap",
        "summary": (
            "Kalmar erbjuder invånare över 65 en kurs i digital grundkunskap. "
            "Lärarna är kommunens niondeklassare, och kommundirektören hälsar "
            "välkommen vid varje kurstillfälle."
        ),
        "language": "sv",
        "year": 2019,
        "country": "SE",
        "municipalities": ["0880"],
        "sector": "culture",
        "target_groups": ["citizens-65", "young-people"],
        "competences": ["1.1", "2.1", "4.2"],
        "tags": ["digital inkludering", "65+", "generationsmöten"],
        "owner": "sara.ekstrom@demo.dela.example",
        "contacts": ["sara.ekstrom@demo.dela.example"],
        "body": [
            _paragraph(
                "<p>Kalmar lanserar nya e-tjänster varje vecka, men många äldre "
                "kommunicerar fortfarande bara med papper och penna. För att fler "
                "ska kunna använda tjänsterna arbetar kommunen på länsnivå med en "
                "utbildning i digital grundkunskap för invånare över 65.</p>"
            ),
            _heading("Möten över generationsgränserna"),
            _paragraph(
                "<p>Undervisningen hålls av kommunens niondeklassare. Kursen ger mer "
                "än grundkunskaper: eleverna får öva på att förklara, och "
                "deltagarna får en ny bild av dagens unga.</p>"
            ),
            _facts(
                "I siffror",
                [
                    ("13 300", "möjliga deltagare över 65"),
                    ("10", "kurstillfällen"),
                    ("10 %", "av målgruppen utbildade första året (mål)"),
                ],
            ),
            _quote(
                "Forskningen visar att äldre kan bo kvar hemma längre om de lever i "
                "det digitala samhället.",
                "Digitaliseringsledare, Kalmar kommun",
            ),
        ],
        "results": _rich(
            "Kurserna fylldes snabbt, och flera deltagare har gått vidare till "
            "bibliotekets digitala fika för att fortsätta öva."
        ),
        "lessons": _rich(
            "Ge eleverna en kort introduktion i att undervisa vuxna, och låt dem "
            "arbeta två och två.",
        ),
    },
    {
        "slug": "kalmars-digitala-strategi",
        "title": "Kalmars digitala strategi: förändringen drivs av medarbetarna",
        "summary": (
            "Med en ny digitaliseringsledare och en strategi för hela kommunen "
            "satsar Kalmar på innovation och uppkopplade lösningar. Utmaningen är "
            "inte tekniken utan förändringen."
        ),
        "language": "sv",
        "year": 2019,
        "country": "SE",
        "municipalities": ["0880"],
        "sector": "leadership",
        "target_groups": ["managers", "politicians"],
        "competences": ["5.2", "5.3"],
        "tags": ["digital strategi", "ledarskap", "sakernas internet"],
        "owner": "sara.ekstrom@demo.dela.example",
        "contacts": ["sara.ekstrom@demo.dela.example"],
        "body": [
            _paragraph(
                "<p>Den nya digitaliseringsledaren började med att träffa kommunens "
                "sju förvaltningar och åtta bolag för att skapa en gemensam bild av "
                "nuläget. Resultatet blev en digital strategi som kommunledningen "
                "godkände samma år.</p>"
            ),
            _heading("Från strategi till vardag"),
            _paragraph(
                "<p>Strategin drar upp mål på en övergripande nivå, och varje "
                "förvaltning anpassar den till sin verksamhet. Kompetensblock om "
                "förändringsarbete byggs in i de utbildningsprogram som redan finns, "
                "och fyra pilotförsök med sensorer testar hur uppkopplade sopkärl "
                "kan ge smartare tömning.</p>"
            ),
            _facts(
                "I siffror",
                [
                    ("7", "förvaltningar"),
                    ("8", "kommunala bolag"),
                    ("4", "pilotförsök med sensorer"),
                ],
            ),
        ],
        "results": _rich(
            "Strategin har gett förvaltningarna ett gemensamt språk för "
            "digitalisering, och pilotförsöken har visat var sensorer sparar "
            "körningar."
        ),
        "lessons": _rich(
            "Våga testa nytt i liten skala och utvärdera innan ni bygger ut."
        ),
    },
    {
        "slug": "digitale-ambassadorar-i-heimetenesta",
        "title": "Digitale ambassadørar i heimetenesta i Bergen",
        "summary": (
            "I heimetenesta i Bergen har ti tilsette vorte digitale ambassadørar. "
            "Dei hjelper kollegaene med nettbrett, digitale nøklar og "
            "velferdsteknologi i kvardagen."
        ),
        "language": "nn",
        "year": 2021,
        "country": "NO",
        "municipalities": ["4601"],
        "sector": "elderly-care",
        "target_groups": ["employees"],
        "competences": ["2.4", "4.3", "5.1"],
        "tags": ["velferdsteknologi", "digitale ambassadørar", "heimeteneste"],
        "owner": "ingvild.solberg@demo.dela.example",
        "contacts": ["ingvild.solberg@demo.dela.example"],
        "body": [
            _paragraph(
                "<p>Då heimetenesta tok i bruk digitale nøklar og nettbrett, var "
                "mange usikre. I staden for eit stort kurs valde vi å lære opp éin "
                "ambassadør på kvart lag, som kollegaene kunne spørje når dei stod "
                "fast.</p>"
            ),
            _heading("Ein kollega å spørje"),
            _paragraph(
                "<p>Ambassadørane fekk to dagar opplæring og ein time i veka til å "
                "hjelpe andre. Dei samlar spørsmål og tek dei med til "
                "nettverksmøta, der dei lærer av kvarandre.</p>"
            ),
            _facts(
                "Fakta",
                [
                    ("10", "digitale ambassadørar"),
                    ("1 time", "i veka til å hjelpe kollegaer"),
                ],
            ),
        ],
        "results": _rich(
            "Færre turar tilbake til kontoret for å hente nøklar, og fleire "
            "tilsette seier dei er trygge på nettbrettet."
        ),
        "lessons": _rich(
            "Set av tid til ambassadørane i turnusen, elles vert det ikkje gjort."
        ),
    },
]

SUBMISSIONS = [
    (
        {
            "title": "Surfplattor i hemtjänsten i Halmstad",
            "summary": (
                "Hemtjänsten i Halmstad har bytt pappersscheman mot surfplattor. Så "
                "fick vi alla med oss, också de som var mest tveksamma."
            ),
            "body": (
                "Vi började i två arbetslag med frivilliga ombud som fick prova "
                "surfplattorna först.\n\nEfter en månad visade ombuden kollegorna "
                "hur schemat och journalen fungerar, direkt i bilen mellan besöken."
            ),
            "results": "Alla 14 arbetslag använder nu surfplattor.",
            "lessons_learned": "Låt ombuden visa, inte it-avdelningen.",
            "municipalities": ["1380"],
            "sector": "elderly-care",
            "target_groups": ["employees"],
            "competences": ["2.4", "5.2"],
            "tags": ["välfärdsteknik", "digitaliseringsombud"],
            "language": "sv",
            "year": 2024,
            "consent": True,
        },
        "",
    ),
    (
        {
            "title": "Digitalt fika på biblioteket",
            "summary": (
                "Varje torsdag hjälper bibliotekarier och ombud invånare med "
                "mobilen, Bank-id och e-tjänster över en kopp kaffe."
            ),
            "body": "Vi bjuder på fika och hjälper till med det besökarna undrar över.",
            "results": "",
            "lessons_learned": "",
            "municipalities": ["1380"],
            "sector": "library",
            "target_groups": ["citizens-65"],
            "competences": ["1.1", "4.2"],
            "tags": ["digital inkludering", "65+"],
            "language": "sv",
            "year": 2025,
            "consent": True,
        },
        "Tack för berättelsen! Berätta gärna hur många som har kommit, vilka frågor "
        "som är vanligast och vad ni skulle göra annorlunda nästa gång.",
    ),
]
