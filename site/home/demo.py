"""Demo pages for `manage.py load_demo`: the home page's text and sections, the about
page, the accessibility statement, the privacy page and the footer that links to them.

Pages are found by slug under the home page and updated in place, and a page is only
given a new revision when its content actually changed, so running the demo again adds
neither pages nor history. Later apps (stories, media, catalogue, network, events) add
their own doors on the home page with `ensure_home_section()` from their demo modules.
"""

import datetime

from wagtail.models import Site

from .models import FooterSettings, HomePage, StandardPage
from .site_address import sync_default_site

ABOUT_SLUG = "om-dela"
ACCESSIBILITY_SLUG = "tillganglighet"
PRIVACY_SLUG = "integritet"
CONTACT_EMAIL = "kontakt@dela.example"
ACCESSIBILITY_EMAIL = "tillganglighet@dela.example"
PRIVACY_EMAIL = "integritet@dela.example"
STATEMENT_DATE = datetime.date(2026, 11, 16)

# Sections that stay last on the home page, whatever later apps add: search and the
# about page are the general ways in, the apps' own parts come first.
TRAILING_PATHS = {"/search/"}
TRAILING_SLUGS = {ABOUT_SLUG}


def load(stdout, style):
    """Write the site pages, the home page and the footer settings."""
    home = home_page()
    pages = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for slug, content in (
        (ABOUT_SLUG, _about_page()),
        (ACCESSIBILITY_SLUG, _accessibility_page()),
        (PRIVACY_SLUG, _privacy_page()),
    ):
        pages[slug], outcome = _ensure_child_page(home, slug, content)
        counts[outcome] += 1

    home_changed = _update_page(home, {"lead": HOME_LEAD, "body": _home_body()})
    # Stories, videos, the catalogue, the network and events are not here: their
    # apps' demo modules add those sections with ensure_home_section() once they exist.
    ensure_home_section(
        "Sök i Dela",
        "Berättelser, filmer, goda exempel och samtal på svenska, norska och danska, "
        "i en och samma sökning.",
        path="/search/",
    )
    ensure_home_section(
        "Om Dela",
        "Vad Dela är, vilka som möts här och hur du blir digitaliseringsombud på "
        "plattformen.",
        page=pages[ABOUT_SLUG],
    )
    footer_changed = _ensure_footer(
        pages[ACCESSIBILITY_SLUG], pages[PRIVACY_SLUG], CONTACT_EMAIL
    )
    stdout.write(
        f"  home page {'updated' if home_changed else 'unchanged'}; site pages: "
        f"{counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged; footer "
        f"{'updated' if footer_changed else 'unchanged'}"
    )


HERO_TITLE = "Dela"
HERO_SUBTITLE = "Kommunernas digitaliseringsombud delar erfarenheter"


def load_after_all_apps(stdout, style):
    """Once every app's demo content is there: the home page's hero picture (drawn,
    with its alternative text) and its featured video (the first published film)."""
    from django.apps import apps

    from .demo_pictures import demo_image

    home = home_page()
    hero = demo_image(HERO_TITLE, HERO_SUBTITLE, slug="home-hero", language="sv")
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


# --- Content ------------------------------------------------------------------------
# Written for the demo from what the seed articles tell (Halmstad, Laholm and Digga
# Halland, KS, KL, Kalmar); quotes are attributed to roles, never to real people.


def heading_block(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph_block(html):
    return {"type": "paragraph", "value": html}


def quote_block(text, attribution):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def facts_block(heading, facts):
    return {
        "type": "facts",
        "value": {
            "heading": heading,
            "facts": [{"figure": figure, "label": label} for figure, label in facts],
        },
    }


HOME_LEAD = (
    "Dela är mötesplatsen för kommunernas digitaliseringsombud och digitala "
    "ambassadörer i Sverige, Norge och Danmark. Här berättar ni om det som fungerar, "
    "hittar goda exempel från andra kommuner och lär av varandra, på ert eget språk."
)


def _home_body():
    return [
        heading_block("Kunskap sprids bäst mellan kollegor"),
        paragraph_block(
            "<p>Allt mer av kontakten mellan kommunen och invånarna sker digitalt. "
            "Nya e-tjänster räcker inte: den som arbetar i hemtjänsten, på "
            "biblioteket eller i skolan behöver också tid, trygghet och någon att "
            "fråga. Därför har många kommuner utsett digitaliseringsombud, "
            "kollegor som provar nya arbetssätt först och sedan hjälper andra i "
            "gång.</p>"
            "<p>Dela samlar deras erfarenheter på ett ställe, så att nästa kommun kan "
            "börja där den förra slutade i stället för att börja om från början.</p>"
        ),
        facts_block(
            "Goda exempel i siffror",
            [
                ("7 800", "medarbetare i Halmstads kommun omfattas av eMedarbetaren"),
                (
                    "ca 700",
                    "medarbetare och chefer i Laholm utbildade via Digga Halland",
                ),
                ("6", "halländska kommuner och Region Halland i Digga Halland"),
                ("3", "länder i nätverket: Sverige, Norge och Danmark"),
            ],
        ),
        heading_block("Från projekt till ett nordiskt nätverk"),
        paragraph_block(
            "<p>I Halland byggde kommunerna och regionen tillsammans upp ett "
            "nätverk av medarbetare inom vård och omsorg som sprider nyttan av "
            "digitala verktyg i sina arbetslag. I Norge har KS och staten satsat på "
            "mötesplatser och en gemensam kompetensplattform för kommunerna, och i "
            "Danmark har KL beskrivit de digitala kompetenser som alla "
            "kommunanställda behöver, oavsett yrke.</p>"
            "<p>Erfarenheten är densamma överallt: tekniken går att lösa, det svåra är "
            "att förändringen ska drivas av medarbetarna själva. Dela gör den "
            "erfarenheten sökbar och delbar över kommun- och landsgränser.</p>"
        ),
        quote_block(
            "När en kollega visar hur ett nytt verktyg gör vardagen enklare vill fler "
            "prova. Det är ombudens styrka.",
            "Digitaliseringsombud inom äldreomsorgen, Halland",
        ),
        heading_block("Så använder du Dela"),
        paragraph_block(
            "<ul>"
            "<li><b>Dela</b> berättelser och filmer om det ni har provat, även det som "
            "inte blev som ni tänkt.</li>"
            "<li><b>Hitta</b> goda exempel efter tema, verksamhet, målgrupp och "
            "digital kompetens enligt EU:s ramverk DigComp.</li>"
            "<li><b>Träffas</b> i nätverket: regionala och tematiska grupper, "
            "nätverksträffar och workshoppar.</li>"
            "<li><b>Sök</b> på svenska, norska, danska eller engelska.</li>"
            "</ul>"
        ),
    ]


def _about_page():
    return {
        "title": "Om Dela",
        "show_in_menus": True,
        "intro": (
            "Dela är en kunskapsplattform för digitaliseringsombud och digitala "
            "ambassadörer i nordiska kommuner. Här delar vi det som fungerar, så att "
            "fler kan göra likadant."
        ),
        "last_reviewed": None,
        "body": [
            heading_block("Varför Dela finns"),
            paragraph_block(
                "<p>Många kommuner har genomfört stora satsningar på digital "
                "kompetens: utbildningar för alla medarbetare, ombud i varje "
                "arbetslag och strategier som pekar ut riktningen. Kunskapen från "
                "satsningarna stannar ofta i projektrapporter och i huvudet på dem "
                "som var med. Dela finns för att den ska komma fler till del.</p>"
            ),
            heading_block("Vilka som möts här"),
            paragraph_block(
                "<ul>"
                "<li><b>Medlemmar</b> är kommunanställda som har skapat ett konto. De "
                "kan svara i diskussioner, följa ämnen och spara favoriter.</li>"
                "<li><b>Ambassadörer</b> är digitaliseringsombud och digitala "
                "ambassadörer. De delar berättelser och filmer, startar samtal i "
                "nätverkets grupper och syns i ambassadörskatalogen.</li>"
                "<li><b>Moderatorer</b> är erfarna ambassadörer som håller ordning i "
                "nätverket.</li>"
                "<li><b>Redaktörer</b> granskar bidrag och sammanställer "
                "inspirationskatalogen.</li>"
                "</ul>"
            ),
            heading_block("Så blir du ambassadör"),
            paragraph_block(
                "<p>Skapa ett konto med din e-postadress i kommunen. Om din kommuns "
                "e-postdomän finns registrerad blir du ambassadör direkt när du har "
                "bekräftat adressen. Annars kan du ansöka från din profil, så "
                "återkommer en redaktör med ett besked.</p>"
            ),
            heading_block("Språk"),
            paragraph_block(
                "<p>Dela går att använda på svenska, norska (bokmål), danska och "
                "engelska. Innehållet skrivs på det språk som passar bäst, också "
                "nynorska, och sökningen hittar det oavsett språk.</p>"
            ),
        ],
    }


def _accessibility_page():
    return {
        "title": "Tillgänglighetsredogörelse",
        "show_in_menus": False,
        "intro": (
            "Dela står bakom den här webbplatsen. Vi vill att så många som möjligt ska "
            "kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen om "
            "tillgänglighet till digital offentlig service, vilka kända brister som "
            "finns och hur du kan rapportera problem till oss."
        ),
        "last_reviewed": STATEMENT_DATE,
        "body": [
            heading_block("Hur tillgänglig är webbplatsen?"),
            paragraph_block(
                "<p>Vi vet att delar av webbplatsen inte är helt tillgängliga. Vad "
                "det gäller beskriver vi under rubriken Innehåll som inte är "
                "tillgängligt.</p>"
            ),
            heading_block(
                "Vad kan du göra om du inte kan använda delar av webbplatsen?"
            ),
            paragraph_block(
                "<p>Om du behöver innehåll från webbplatsen i ett annat format kan "
                f'du kontakta oss på <a href="mailto:{ACCESSIBILITY_EMAIL}">'
                f"{ACCESSIBILITY_EMAIL}</a>. Vi svarar normalt inom fem "
                "arbetsdagar.</p>"
            ),
            heading_block("Rapportera brister i webbplatsens tillgänglighet"),
            paragraph_block(
                "<p>Vi arbetar hela tiden med att göra webbplatsen bättre. Om du "
                "upptäcker problem som inte står beskrivna på den här sidan, eller om "
                "du tycker att vi inte uppfyller lagens krav, skriv till "
                f'<a href="mailto:{ACCESSIBILITY_EMAIL}">{ACCESSIBILITY_EMAIL}</a> '
                "så att vi får veta att problemet finns.</p>"
            ),
            heading_block("Tillsyn"),
            # Each country's authority, in the reader's language (home/blocks.py).
            {"type": "supervision", "value": {"countries": ["SE", "NO", "DK"]}},
            heading_block("Teknisk information om webbplatsens tillgänglighet"),
            paragraph_block(
                "<p>Den här webbplatsen är <b>delvis förenlig</b> med lagen om "
                "tillgänglighet till digital offentlig service, på grund av de brister "
                "som beskrivs nedan. Vi bedömer webbplatsen mot standarden EN 301 549 "
                "och WCAG 2.1 på nivå AA.</p>"
            ),
            heading_block("Innehåll som inte är tillgängligt"),
            heading_block("Bristande förenlighet med lagkraven", level="h3"),
            paragraph_block(
                "<ul>"
                "<li>Undertexter till filmer skapas delvis automatiskt och kan "
                "innehålla fel innan en redaktör har granskat dem (WCAG 1.2.2).</li>"
                "<li>Bilder som medlemmar laddar upp i nätverket saknar ibland en "
                "beskrivande alternativtext (WCAG 1.1.1).</li>"
                "<li>Inbäddade filmer från externa videotjänster går inte alltid att "
                "styra helt med tangentbordet (WCAG 2.1.1).</li>"
                "</ul>"
                "<p>Vi räknar med att ha åtgärdat bristerna till nästa översyn av "
                "redogörelsen.</p>"
            ),
            heading_block("Innehåll som inte omfattas av lagstiftningen", level="h3"),
            paragraph_block(
                "<p>Dokument som kommuner och medlemmar har laddat upp, till exempel "
                "PDF-filer i inspirationskatalogen, har vi inte tagit fram själva och "
                "de är inte alltid tillgänglighetsanpassade. Vi hjälper gärna till att "
                "ta fram innehållet i ett annat format.</p>"
            ),
            heading_block("Hur vi testat webbplatsen"),
            paragraph_block(
                "<p>Vi har gjort en självskattning (intern granskning) av webbplatsen "
                "med automatiska tester och manuella tester med tangentbord och "
                "skärmläsare. Den senaste bedömningen gjordes den 16 november 2026, "
                "och redogörelsen uppdaterades samma dag.</p>"
            ),
        ],
    }


def _privacy_page():
    return {
        "title": "Integritet och personuppgifter",
        "show_in_menus": False,
        "intro": (
            "Här beskriver vi vilka personuppgifter Dela behandlar och varför, hur "
            "länge vi sparar dem och vilka rättigheter du har enligt "
            "dataskyddsförordningen (GDPR)."
        ),
        "last_reviewed": STATEMENT_DATE,
        "body": [
            heading_block("Personuppgiftsansvarig"),
            paragraph_block(
                "<p>Dela är personuppgiftsansvarig för de uppgifter som behandlas på "
                "webbplatsen. Frågor om dataskydd skickar du till "
                f'<a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a>.</p>'
            ),
            heading_block("Vilka uppgifter vi sparar"),
            paragraph_block(
                "<ul>"
                "<li><b>Ditt konto:</b> e-postadress, lösenord (bara i krypterad "
                "form, aldrig i klartext), språkval och när du senast loggade in.</li>"
                "<li><b>Din profil:</b> visningsnamn, för- och efternamn, kommun, "
                "roll på Dela och en eventuell ansökan om att bli ambassadör med "
                "motivering och beslut.</li>"
                "<li><b>Det du skriver och delar:</b> berättelser, filmer, trådar, "
                "svar och reaktioner, och vad du följer eller har sparat.</li>"
                "<li><b>Teknisk information:</b> kakor som håller dig inloggad och "
                "minns ditt språkval, och tillfälliga uppgifter om misslyckade "
                "inloggningar för att stoppa intrångsförsök.</li>"
                "</ul>"
            ),
            heading_block("Varför vi får behandla uppgifterna"),
            paragraph_block(
                "<p>Konto, profil och bidrag behandlar vi för att kunna ge dig "
                "tjänsten du har registrerat dig för (avtal, artikel 6.1 b i "
                "dataskyddsförordningen). Säkerhetsloggar och moderering av nätverket "
                "grundar sig på vårt berättigade intresse av en trygg och säker "
                "plattform (artikel 6.1 f).</p>"
            ),
            heading_block("Hur länge vi sparar uppgifterna"),
            paragraph_block(
                "<p>Kontot och profilen finns kvar tills du raderar dem. Uppgifter om "
                "misslyckade inloggningar försvinner efter några minuter. När du "
                "raderar ditt konto tar vi bort dina personuppgifter; dina inlägg i "
                "samtal som andra har svarat på visas därefter utan ditt namn, så att "
                "samtalen fortfarande går att följa.</p>"
            ),
            heading_block("Dina rättigheter"),
            paragraph_block(
                "<ul>"
                "<li><b>Tillgång och dataportabilitet:</b> du kan när som helst ladda "
                "ner alla uppgifter vi har om dig från din profil.</li>"
                "<li><b>Rättelse:</b> du ändrar själv namn, kommun och språk i din "
                "profil.</li>"
                "<li><b>Radering:</b> du kan radera ditt konto från din profil.</li>"
                "<li><b>Invändning och begränsning:</b> skriv till oss om du inte vill "
                "att vi behandlar dina uppgifter på ett visst sätt.</li>"
                "</ul>"
                "<p>Om du tycker att vi behandlar dina uppgifter felaktigt kan du "
                "klaga hos tillsynsmyndigheten i ditt land: "
                "Integritetsskyddsmyndigheten (IMY) i Sverige och Datatilsynet i Norge "
                "och i Danmark.</p>"
            ),
            heading_block("Kakor"),
            paragraph_block(
                "<p>Dela använder bara kakor som behövs för att webbplatsen ska "
                "fungera: inloggning, skydd mot förfalskade formulär och ditt "
                "språkval. Vi använder inga kakor för spårning eller annonser.</p>"
            ),
            heading_block("Kontakt"),
            paragraph_block(
                "<p>Har du frågor om hur vi hanterar personuppgifter, eller vill du "
                "använda dina rättigheter, skriv till "
                f'<a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a>.</p>'
            ),
        ],
    }
