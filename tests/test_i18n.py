"""The interface speaks Swedish, Norwegian Bokmål, Danish and English, completely.

(a) every catalogue is fully translated, free of fuzzy entries, keeps its placeholders
    and ships a compiled .mo that matches it;
(b) the committed catalogue holds exactly the strings the source marks for translation;
(c) switching language works and the pages people meet first are free of English;
(d) messages that come from allauth's and Django's Python code are translated too.
"""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

BASE_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = BASE_DIR / "site"
LOCALE_DIRS = [SITE_DIR / "locale", SITE_DIR / "locale_vendor"]
TRANSLATED = ["sv", "nb", "da"]
INTERFACE = ["sv", "nb", "da", "en"]
COOKIE = settings.LANGUAGE_COOKIE_NAME


def catalogue(directory, language):
    return directory / language / "LC_MESSAGES" / "django.po"


CATALOGUES = [
    pytest.param(catalogue(directory, language), id=f"{directory.name}-{language}")
    for directory in LOCALE_DIRS
    for language in TRANSLATED
]


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def live_entries(po):
    return [entry for entry in po if not entry.obsolete]


def msgids(path):
    return {key(entry) for entry in live_entries(polib.pofile(str(path)))}


# --- (a) catalogues ---------------------------------------------------------------

# printf-style placeholders (%(name)s, %s, %d; not %%) and str.format ones ({name}).
PRINTF = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*\d*(?:\.\d+)?(?P<type>[sdifeEgGxXcr%])"
)
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text):
    found = {
        f"%({match['name']}){match['type']}"
        if match["name"] is not None
        else "%" + match["type"]
        for match in PRINTF.finditer(text)
        if match["type"] != "%"
    }
    return found | set(BRACES.findall(text))


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_locale_paths_put_dela_first_and_the_vendor_catalogue_second():
    assert [Path(path) for path in settings.LOCALE_PATHS][:2] == LOCALE_DIRS


@pytest.mark.parametrize("path", CATALOGUES)
def test_catalogue_is_complete_and_not_fuzzy(path):
    po = polib.pofile(str(path))
    assert po.metadata.get("Language") == path.parent.parent.name
    assert "nplurals=2" in po.metadata.get("Plural-Forms", "")
    assert not po.metadata_is_fuzzy, f"{path}: the header is marked fuzzy"
    assert not po.obsolete_entries(), f"{path}: obsolete entries left"
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not fuzzy, f"{path}: fuzzy entries: {fuzzy}"
    untranslated = [
        entry.msgid
        for entry in live_entries(po)
        if not all(text.strip() for text in translations(entry))
    ]
    assert not untranslated, f"{path}: untranslated entries: {untranslated}"


@pytest.mark.parametrize("path", CATALOGUES)
def test_translations_keep_their_placeholders(path):
    wrong = []
    for entry in live_entries(po := polib.pofile(str(path))):
        if entry.msgid_plural:
            # A singular form may drop the count ("one result"), never add a name.
            expected = placeholders(entry.msgid_plural)
            allowed = placeholders(entry.msgid) | expected
            for text in translations(entry):
                got = placeholders(text)
                if not got <= allowed or not (
                    got == expected or got == placeholders(entry.msgid)
                ):
                    wrong.append((entry.msgid, text))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert po is not None
    assert not wrong, f"{path}: placeholders differ: {wrong}"


@pytest.mark.parametrize(
    "path",
    [*CATALOGUES, pytest.param(catalogue(SITE_DIR / "locale", "en"), id="locale-en")],
)
def test_committed_mo_matches_po(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages` and commit it"
    po = polib.pofile(str(path))
    expected = {
        key(entry): tuple(translations(entry))
        for entry in live_entries(po)
        if entry.msgid and "fuzzy" not in entry.flags and all(translations(entry))
    }
    compiled = {
        key(entry): tuple(translations(entry))
        for entry in polib.mofile(str(mo_path))
        if entry.msgid
    }
    stale = sorted(
        str(item[1]) for item in set(expected.items()) ^ set(compiled.items())
    )
    assert not stale, f"{mo_path} does not match {path.name} (recompile): {stale[:20]}"


def test_english_catalogue_is_the_source_itself():
    po = polib.pofile(str(catalogue(SITE_DIR / "locale", "en")))
    assert not po.fuzzy_entries()
    for entry in live_entries(po):
        if entry.msgid_plural:
            assert entry.msgstr_plural[0] in ("", entry.msgid)
            assert entry.msgstr_plural[1] in ("", entry.msgid_plural)
        else:
            assert entry.msgstr in ("", entry.msgid), entry.msgid


def test_all_interface_languages_have_the_same_strings():
    swedish = msgids(catalogue(SITE_DIR / "locale", "sv"))
    for language in ("nb", "da", "en"):
        assert msgids(catalogue(SITE_DIR / "locale", language)) == swedish, language


def test_vendor_catalogues_only_hold_third_party_strings():
    """site/locale_vendor only corrects upstream catalogues, never holds Dela's own."""
    own = msgids(catalogue(SITE_DIR / "locale", "sv"))
    for language in TRANSLATED:
        vendor = msgids(catalogue(SITE_DIR / "locale_vendor", language))
        assert vendor, language
        assert not vendor & own, f"{language}: {sorted(str(k) for k in vendor & own)}"


# --- (b) the catalogue covers the source ------------------------------------------

GETTEXT_TOOLS = ["xgettext", "msgmerge", "msguniq", "msgattrib"]


def makefile_ignores():
    makefile = (BASE_DIR / "Makefile").read_text()
    match = re.search(r"^MESSAGE_IGNORES\s*:?=(.*)$", makefile, re.MULTILINE)
    assert match, "the Makefile's MESSAGE_IGNORES line is gone"
    return re.findall(r'--ignore\s+"([^"]+)"', match.group(1))


def test_catalogue_holds_exactly_the_marked_strings(tmp_path):
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(
            f"GNU gettext is not installed ({', '.join(missing_tools)} missing); "
            "`make test` installs it"
        )
    ignores = makefile_ignores()
    skipped_tops = {pattern.split("/")[0] for pattern in ignores} | {".git"}
    project = tmp_path / "project"
    project.mkdir()
    for item in BASE_DIR.iterdir():
        if item.name in skipped_tops or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(
                item,
                project / item.name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po"),
            )
        elif item.is_file():
            shutil.copy2(item, project / item.name)
    # A fresh catalogue: makemessages writes into the copy's first LOCALE_PATHS entry.
    shutil.rmtree(project / "site" / "locale", ignore_errors=True)
    command = [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete"]
    for pattern in ignores:
        command += ["--ignore", pattern]
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "dela.settings.test"
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    extracted_path = catalogue(project / "site" / "locale", "sv")
    assert extracted_path.exists(), result.stdout + result.stderr
    extracted = msgids(extracted_path)
    committed = msgids(catalogue(SITE_DIR / "locale", "sv"))
    missing = sorted(msgid for _, msgid, _ in extracted - committed)
    stale = sorted(msgid for _, msgid, _ in committed - extracted)
    assert not missing, f"not in the catalogue (run `make messages`): {missing}"
    assert not stale, f"no longer in the source (run `make messages`): {stale}"


# --- (c) switching language, and pages without English left -----------------------

SKIP_LINK = {
    "sv": "Hoppa till huvudinnehållet",
    "nb": "Hopp til hovedinnholdet",
    "da": "Spring til hovedindholdet",
    "en": "Skip to main content",
}
SEARCH_LABEL = {
    "sv": "Sök på Dela",
    "nb": "Søk på Dela",
    "da": "Søg på Dela",
    "en": "Search Dela",
}


class TextOf(HTMLParser):
    """The visible text nodes inside <main>, whitespace-normalised."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.hidden = 0
        self.nodes = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if self.depth and not self.hidden and text:
            self.nodes.append(text)


def main_text(response):
    parser = TextOf()
    parser.feed(response.content.decode())
    return parser.nodes


def get_in(client, language, path):
    client.cookies[COOKIE] = language
    return client.get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("language", INTERFACE)
def test_switching_language_returns_to_the_same_page(client, language):
    path = "/search/?q=kommun"
    response = client.post("/i18n/setlang/", {"language": language, "next": path})
    assert response.status_code == 302
    assert response["Location"] == path
    assert response.cookies[COOKIE].value == language

    page = client.get(path)
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert SKIP_LINK[language] in html
    assert SEARCH_LABEL[language] in html


@pytest.mark.django_db
def test_home_page_is_swedish_without_cookie_or_accept_language(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert SKIP_LINK["sv"] in html


@pytest.mark.django_db
def test_accept_language_chooses_the_language_when_there_is_no_cookie(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="da,en;q=0.5").content.decode()
    assert '<html lang="da">' in html


@pytest.mark.django_db
def test_language_switcher_sends_the_visitor_back_to_the_current_page(client):
    html = client.get("/search/?q=kommun").content.decode()
    assert '<input type="hidden" name="next" value="/search/?q=kommun">' in html
    for language in INTERFACE:
        assert f'name="language" value="{language}"' in html


# Pages a newcomer meets, with strings that must appear in each language.
ACCOUNT_PAGES = {
    "/accounts/login/": {
        "sv": [
            "Logga in på Dela",
            "E-post",
            "Lösenord",
            "Kom ihåg mig",
            "Har du glömt ditt lösenord?",
        ],
        "nb": [
            "Logg inn på Dela",
            "E-post",
            "Passord",
            "Husk meg",
            "Har du glemt passordet?",
        ],
        "da": [
            "Log ind på Dela",
            "E-mail",
            "Adgangskode",
            "Husk mig",
            "Har du glemt din adgangskode?",
        ],
        "en": [
            "Log in to Dela",
            "Email",
            "Password",
            "Remember Me",
            "Forgot your password?",
        ],
    },
    "/accounts/signup/": {
        "sv": ["Registrera dig på Dela", "Lösenord (igen)", "Skapa konto"],
        "nb": ["Registrer deg på Dela", "Passord (igjen)", "Opprett konto"],
        "da": ["Opret en konto på Dela", "Adgangskode (igen)", "Opret konto"],
        "en": ["Sign up for Dela", "Password (again)", "Create account"],
    },
    "/accounts/password/reset/": {
        "sv": ["Återställ ditt lösenord", "Skicka återställningslänk"],
        "nb": ["Tilbakestill passordet ditt", "Send lenke for tilbakestilling"],
        "da": ["Nulstil din adgangskode", "Send link til nulstilling"],
        "en": ["Reset your password", "Send reset link"],
    },
}
# Text that reads the same in English and the other language.
SAME_IN_ENGLISH = {"Dela"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(ACCOUNT_PAGES))
@pytest.mark.parametrize("language", INTERFACE)
def test_account_pages_speak_the_visitors_language(client, path, language):
    response = get_in(client, language, path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1
    text = " | ".join(main_text(response))
    for expected in ACCOUNT_PAGES[path][language]:
        assert expected in text, f"{expected!r} not on {path} in {language}: {text}"
    if language != "en":
        english = set(main_text(get_in(client, "en", path)))
        left = set(main_text(get_in(client, language, path))) & english
        assert not left - SAME_IN_ENGLISH, f"English left on {path} in {language}"


@pytest.mark.django_db
def test_sso_providers_are_listed_on_the_login_page(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "halmstad",
                    "name": "Halmstads kommun",
                    "client_id": "dela",
                    "secret": "",
                    "settings": {"server_url": "https://login.halmstad.example"},
                }
            ]
        }
    }
    for language, text in {
        "sv": "Logga in med Halmstads kommun",
        "nb": "Logg inn med Halmstads kommun",
        "da": "Log ind med Halmstads kommun",
    }.items():
        html = get_in(client, language, "/accounts/login/").content.decode()
        assert text in html
        assert "/accounts/oidc/halmstad/login/?process=login" in html


# --- (d) messages from allauth's and Django's Python code --------------------------

WRONG_PASSWORD = {
    "sv": "E-postadressen och/eller lösenordet är fel.",
    "nb": "E-postadressen og/eller passordet du oppgav er feil.",
    "da": "E-mailadressen og/eller adgangskoden er forkert.",
}
TOO_MANY_ATTEMPTS = {
    "sv": (
        "För många misslyckade inloggningsförsök. Vänta 5 minuter och försök sedan "
        "igen."
    ),
    "nb": "For mange mislykkede innloggingsforsøk. Vent 5 minutter, og prøv igjen.",
    "da": "For mange mislykkede loginforsøg. Vent 5 minutter, og prøv igen.",
}
SIGNED_OUT = {
    "sv": "Du har loggat ut.",
    "nb": "Du er logget ut.",
    "da": "Du er logget ud.",
}
TOO_SHORT = {
    "sv": "Det här lösenordet är för kort. Det måste innehålla minst 8 tecken.",
    "nb": "Passordet er for kort. Det må bestå av minst 8 tegn.",
    "da": "Denne adgangskode er for kort. Den skal indeholde mindst 8 tegn.",
}


@pytest.fixture
def person(db):
    cache.clear()  # allauth counts failed logins in the cache
    user = get_user_model().objects.create_user(
        username="kari", email="kari@example.org", password="a-long-test-password-7319"
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    yield user
    cache.clear()


@pytest.mark.parametrize("language", TRANSLATED)
def test_wrong_password_error_is_translated(client, person, language):
    client.cookies[COOKIE] = language
    response = client.post(
        "/accounts/login/", {"login": person.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG_PASSWORD[language] in html
    assert (
        "The email address and/or password you specified are not correct." not in html
    )
    assert 'role="alert"' in html


@pytest.mark.parametrize("language", ["nb", "da"])
def test_rate_limit_message_is_translated(client, person, language):
    client.cookies[COOKIE] = language
    for _attempt in range(10):
        html = client.post(
            "/accounts/login/", {"login": person.email, "password": "not-the-password"}
        ).content.decode()
        if TOO_MANY_ATTEMPTS[language] in html:
            break
    else:
        pytest.fail(f"no translated rate-limit message in {language}")
    assert "Too many failed login attempts" not in html


@pytest.mark.parametrize("language", TRANSLATED)
def test_signed_out_message_is_translated(client, person, language):
    client.cookies[COOKIE] = language
    client.force_login(person)
    response = client.post("/accounts/logout/", follow=True)
    assert SIGNED_OUT[language] in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("language", TRANSLATED)
def test_password_validation_is_translated(client, db, language):
    cache.clear()
    client.cookies[COOKIE] = language
    html = client.post(
        "/accounts/signup/",
        {"email": "ny@example.org", "password1": "x7!k", "password2": "x7!k"},
    ).content.decode()
    assert TOO_SHORT[language] in html


@pytest.mark.parametrize(
    "language, subject, greeting",
    [
        ("sv", "[Dela] Återställ ditt lösenord på Dela", "Hej från Dela!"),
        ("nb", "[Dela] Tilbakestill passordet ditt på Dela", "Hei fra Dela!"),
        ("da", "[Dela] Nulstil din adgangskode på Dela", "Hej fra Dela!"),
    ],
)
def test_password_reset_email_is_in_the_visitors_language(
    client, person, language, subject, greeting
):
    client.cookies[COOKIE] = language
    response = client.post("/accounts/password/reset/", {"email": person.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == subject
    assert message.body.startswith(greeting)
    assert "/accounts/password/reset/key/" in message.body


MENU = {
    "nb": ["Historier", "Inspirasjonskatalog", "Arrangementer"],
    "da": ["Historier", "Inspirationskatalog", "Arrangementer"],
    "en": ["Stories", "Inspiration catalogue", "Events"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "da", "en"])
def test_the_main_menu_speaks_the_readers_language(client, language):
    """The menu's items are labels of the site, not the pages' (Swedish) titles."""
    import re

    from events.models import EventIndexPage
    from home.models import HomePage
    from stories.models import StoryIndexPage
    from tests.catalogue.catalogue_factories import make_index

    home = HomePage.objects.first()
    for page in (
        StoryIndexPage(title="Berättelser", slug="stories", show_in_menus=True),
        EventIndexPage(title="Evenemang", slug="events", show_in_menus=True),
    ):
        home.add_child(instance=page)
        page.save_revision().publish()
    make_index(show_in_menus=True)
    client.cookies[COOKIE] = language
    html = client.get("/").content.decode()
    menu = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    labels = [label.strip() for label in re.findall(r">([^<]+)</a>", menu)]
    assert set(labels[:3]) == set(MENU[language])
    assert "Berättelser" not in labels and "Evenemang" not in labels
