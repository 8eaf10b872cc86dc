"""`manage.py load_demo`: idempotent, every printed login works, the pages render.

The demo is loaded once for the whole module inside a transaction that is rolled back
at the end (each test still runs in its own savepoint), which keeps the module fast.
"""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from accounts.demo import AMBASSADORS, DEMO_PASSWORD, REQUESTS
from accounts.demo import ROLE_LOGINS as ROLE_LOGIN_PEOPLE
from accounts.models import AmbassadorRequest
from accounts.roles import Role, grant_role, roles_of
from home.demo import (
    ABOUT_SLUG,
    ACCESSIBILITY_SLUG,
    PRIVACY_SLUG,
    ensure_home_section,
    home_page,
)
from home.management.commands.load_demo import demo_modules
from home.models import FooterSettings, StandardPage
from taxonomy.demo import MUNICIPALITIES
from taxonomy.models import Municipality, MunicipalityEmailDomain, Region

pytestmark = pytest.mark.django_db

ROLE_LOGINS = {
    "member": {Role.MEMBER},
    "ambassador": {Role.MEMBER, Role.AMBASSADOR},
    "moderator": {Role.MEMBER, Role.AMBASSADOR, Role.MODERATOR},
    "editor": {Role.MEMBER, Role.EDITOR},
    "admin": set(Role),
}


@pytest.fixture
def demo_output(demo):
    """What load_demo printed when the session's shared demo was loaded (see
    conftest.py); tests that need a run of their own call run_demo() on top."""
    return demo


def run_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    User = get_user_model()
    return {
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "regions": Region.objects.count(),
        "municipalities": Municipality.objects.count(),
        "email domains": MunicipalityEmailDomain.objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "ambassador requests": AmbassadorRequest.objects.count(),
        "home sections": len(home_page().sections),
    }


def login(client, email, password=DEMO_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_demo_modules_are_found_in_app_order(demo_output):
    labels = [config.label for config, _module in demo_modules()]
    assert labels[:3] == ["taxonomy", "accounts", "home"]


def test_second_run_adds_nothing_and_prints_the_logins_again(demo_output):
    before = counts()
    output = run_demo()
    assert counts() == before
    for role in ROLE_LOGINS:
        assert f"{role}@dela.example" in output


def test_output_lists_the_five_logins_and_the_password(demo_output):
    for role in ROLE_LOGINS:
        line = next(
            line for line in demo_output.splitlines() if f"{role}@dela.example" in line
        )
        assert line.split()[0] == role
        assert DEMO_PASSWORD in line


def test_repairs_a_database_an_earlier_demo_left_behind(demo_output):
    """An older or edited demo: renamed places, a moved domain, a changed password,
    an extra role, an unverified address, an edited page, an empty footer."""
    before = counts()
    User = get_user_model()
    halmstad = Municipality.objects.get(country__code="SE", official_code="1380")
    halmstad.name = "Halmstads kommun"
    halmstad.save()
    MunicipalityEmailDomain.objects.filter(domain="laholm.se").update(
        municipality=halmstad
    )
    Region.objects.filter(official_code="13").update(official_code="")
    member = User.objects.get(email="member@dela.example")
    member.set_password("changed-by-someone")
    member.save()
    grant_role(member, Role.EDITOR)
    EmailAddress.objects.filter(user=member).update(verified=False)
    about = StandardPage.objects.get(slug=ABOUT_SLUG)
    about.intro = "Gammal text"
    about.save_revision().publish()
    FooterSettings.objects.all().delete()
    karin = User.objects.get(email=AMBASSADORS[0].email)
    karin.set_password("my-own-password")
    karin.save()

    run_demo()

    halmstad.refresh_from_db()
    assert halmstad.name == "Halmstad"
    assert Municipality.objects.for_email("anna@laholm.se").name == "Laholm"
    assert Region.objects.get(country__code="SE", name="Hallands län").official_code
    member = User.objects.get(email="member@dela.example")
    assert member.check_password(DEMO_PASSWORD)
    assert roles_of(member) == {Role.MEMBER}
    assert EmailAddress.objects.get(user=member).verified
    assert StandardPage.objects.get(slug=ABOUT_SLUG).intro != "Gammal text"
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    assert footer.accessibility_page.slug == ACCESSIBILITY_SLUG
    # A password a demo ambassador changed stays changed.
    assert User.objects.get(email=AMBASSADORS[0].email).check_password(
        "my-own-password"
    )
    after = counts()
    assert {k: v for k, v in after.items() if k != "revisions"} == {
        k: v for k, v in before.items() if k != "revisions"
    }


@pytest.mark.parametrize("role", ROLE_LOGINS)
def test_every_role_logs_in_through_the_login_form(demo_output, client, role):
    response = login(client, f"{role}@dela.example")
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated
    assert response.wsgi_request.user.email == f"{role}@dela.example"
    assert client.get("/accounts/profile/").status_code == 200


def test_a_wrong_password_does_not_log_in(demo_output, client):
    response = login(client, "member@dela.example", "not-the-password")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("role,expected", ROLE_LOGINS.items())
def test_role_logins_hold_exactly_their_roles(demo_output, role, expected):
    user = get_user_model().objects.get(email=f"{role}@dela.example")
    assert roles_of(user) == expected
    assert user.is_superuser == (role == "admin")


def test_demo_people_are_fictional_verified_and_placed(demo_output):
    people = [
        *(person for _role, person, _roles in ROLE_LOGIN_PEOPLE),
        *AMBASSADORS,
        *(person for person, _motivation in REQUESTS),
    ]
    users = get_user_model().objects.filter(email__in=[p.email for p in people])
    assert users.count() == len(people) == 5 + len(AMBASSADORS) + len(REQUESTS)
    for user in users:
        assert user.email.endswith(("@dela.example", "@demo.dela.example"))
        address = EmailAddress.objects.get(user=user, primary=True)
        assert address.verified and address.email == user.email
    for person in AMBASSADORS:
        user = users.get(email=person.email)
        assert Role.AMBASSADOR in roles_of(user)
        assert user.municipality is not None
        country = user.municipality.country.code
        assert user.language == {"SE": "sv", "NO": "nb", "DK": "da"}[country]
    countries = {
        users.get(email=person.email).municipality.country.code
        for person in AMBASSADORS
    }
    assert countries == {"SE", "NO", "DK"}


def test_two_members_wait_for_an_editor(demo_output, client):
    pending = AmbassadorRequest.objects.pending().filter(
        user__email__in=[person.email for person, _motivation in REQUESTS]
    )
    assert pending.count() == len(REQUESTS) == 2
    for request in pending:
        assert Role.AMBASSADOR not in roles_of(request.user)
    login(client, "editor@dela.example")
    response = client.get("/admin/ambassador_requests/")
    assert response.status_code == 200
    for person, _motivation in REQUESTS:
        assert person.display_name in response.content.decode()


def test_places_have_real_codes_and_domains(demo_output):
    def code(country, name):
        return Municipality.objects.get(country__code=country, name=name).official_code

    assert code("SE", "Halmstad") == "1380"
    assert code("SE", "Laholm") == "1381"
    assert code("SE", "Kalmar") == "0880"
    assert code("NO", "Bergen") == "4601"
    assert code("DK", "København") == "101"
    halland = Municipality.objects.filter(region__name="Hallands län")
    assert halland.count() == 6
    for municipality in halland:
        assert municipality.email_domains.exists()
    assert Municipality.objects.for_email("anna@KK.dk").name == "København"
    assert Municipality.objects.for_email("ola@bergen.kommune.no").name == "Bergen"
    assert 25 <= len(MUNICIPALITIES) <= 35
    assert Municipality.objects.count() >= len(MUNICIPALITIES)


def test_home_page_is_swedish_with_demo_content(demo_output, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "digitaliseringsombud" in html
    assert "7 800" in html
    assert 'href="/search/"' in html
    assert f'href="/{ABOUT_SLUG}/"' in html


def test_the_demo_home_page_has_a_hero_picture_a_featured_film_and_live_blocks(
    demo_output, client
):
    home = home_page()
    assert home.hero_image is not None and home.hero_image_alt
    assert home.featured_video is not None and home.featured_video.live
    html = client.get("/").content.decode()
    assert f'alt="{home.hero_image_alt}"' in html
    assert home.featured_video.title in html
    for block in ("home-stories-title", "home-events-title", "home-threads-title"):
        assert f'id="{block}"' in html


def test_footer_links_to_accessibility_and_privacy_pages(demo_output, client):
    html = client.get("/").content.decode()
    assert f'href="/{ACCESSIBILITY_SLUG}/"' in html
    assert f'href="/{PRIVACY_SLUG}/"' in html
    assert "mailto:kontakt@dela.example" in html

    statement = client.get(f"/{ACCESSIBILITY_SLUG}/")
    assert statement.status_code == 200
    text = statement.content.decode()
    assert "delvis förenlig" in text
    assert "Myndigheten för digital förvaltning (DIGG)" in text
    assert "tillganglighet@dela.example" in text

    privacy = client.get(f"/{PRIVACY_SLUG}/")
    assert privacy.status_code == 200
    assert "dataskyddsförordningen" in privacy.content.decode()


def test_site_pages_are_published_children_of_the_home_page(demo_output):
    home = home_page()
    for slug in (ABOUT_SLUG, ACCESSIBILITY_SLUG, PRIVACY_SLUG):
        page = home.get_children().get(slug=slug)
        assert page.live and page.latest_revision is not None
    assert home.get_children().in_menu().filter(slug=ABOUT_SLUG).exists()


def test_editor_can_open_the_demo_pages_in_the_admin(demo_output, client):
    login(client, "editor@dela.example")
    for page in [home_page(), *home_page().get_children()]:
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_other_apps_can_add_a_home_section_once(demo_output):
    assert ensure_home_section("Nätverket", "Grupper och samtal.", path="/network/")
    revisions = Revision.objects.count()
    assert not ensure_home_section("Nätverket", "Grupper och samtal.", path="/network/")
    assert Revision.objects.count() == revisions
    assert ensure_home_section("Nätverket", "Ny text.", path="/network/")

    sections = [block.value for block in home_page().sections]
    paths = [section["path"] or section["page"].slug for section in sections]
    # New doors come before the general ones (search, about), which stay last.
    assert paths.count("/network/") == 1
    assert paths[-3:] == ["/network/", "/search/", ABOUT_SLUG]
    assert sections[-3]["text"] == "Ny text."

    with pytest.raises(ValueError):
        ensure_home_section("Fel", "Båda", path="/x/", page=home_page())


TAXONOMY_FIELDS = (
    "summary,language,year,municipalities,sector,target_groups,competences,tags,"
    "featured,verified,retired"
)


@pytest.mark.parametrize(
    "page_type",
    ["stories.CaseStoryPage", "catalogue.CatalogueEntryPage", "dela_media.VideoPage"],
)
def test_every_classified_type_has_the_same_taxonomy_fields_in_the_api(
    demo_output, client, page_type
):
    """One set of taxonomy fields in Wagtail's API v2 for every classified type
    (ClassifiedPage.taxonomy_api_fields): a client reads a story, an entry and a video
    the same way."""
    response = client.get(f"/api/v2/pages/?type={page_type}&fields={TAXONOMY_FIELDS}")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert items, f"the demo has published {page_type} pages"
    for item in items:
        assert set(TAXONOMY_FIELDS.split(",")) <= set(item)
        for municipality in item["municipalities"]:
            assert set(municipality) == {"slug", "name", "official_code", "country"}
        assert item["sector"] is None or set(item["sector"]) == {"slug", "name"}
        for group in item["target_groups"]:
            assert set(group) == {"slug", "name"}
        for competence in item["competences"]:
            assert set(competence) == {"code", "name"}
        assert all(isinstance(tag, str) for tag in item["tags"])
    # Not an empty shape: the demo classifies these pages.
    assert any(
        item["competences"] or item["sector"] or item["municipalities"]
        for item in items
    )


# --- Pictures and films (issue 17) ----------------------------------------------------


@pytest.fixture
def demo_media(settings):
    """The folder the demo wrote its files to (this module's demo is loaded before a
    test's own MEDIA_ROOT is set)."""
    from dela.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    return test_settings.MEDIA_ROOT


def test_demo_pages_have_drawn_pictures_with_alt_text(demo_output, demo_media):
    """Every published story and event and a share of the catalogue's entries show
    a picture: a real JPEG of at most 1200×800 with thousands of colours (drawn, not
    flat bars), described in the page's language with its title."""
    from PIL import Image as PILImage

    from catalogue.models import CatalogueEntryPage
    from events.models import EventPage
    from stories.models import CaseStoryPage

    stories = list(CaseStoryPage.objects.live().select_related("image"))
    events = list(EventPage.objects.live().select_related("image"))
    entries = list(CatalogueEntryPage.objects.live())
    pictured_entries = [entry for entry in entries if entry.image_id]
    assert stories and events
    assert 0 < len(pictured_entries) < len(entries)
    for page in stories + events:
        assert page.image is not None, page.title
        assert page.title in page.image_alt and not page.image_decorative
        page.full_clean()
        with page.image.open_file() as handle:
            picture = PILImage.open(handle)
            picture.load()
        assert picture.format == "JPEG"
        assert picture.size == (page.image.width, page.image.height)
        assert picture.width <= 1200 and picture.height <= 800
        assert picture.getcolors(maxcolors=2000) is None, page.title
    swedish = next(story for story in stories if story.language == "sv")
    assert swedish.image_alt.startswith("Illustration:") and "”" in swedish.image_alt
    danish = next(story for story in stories if story.language == "da")
    assert "»" in danish.image_alt


def test_demo_listings_show_their_pictures_without_making_renditions(
    demo_output, client
):
    """The demo made the cards' renditions when it loaded: a visitor's first look at a
    listing encodes no picture."""
    import re

    from wagtail.images.models import Rendition

    before = Rendition.objects.count()
    for url in ("/stories/", "/events/", "/catalogue/", "/videos/"):
        html = client.get(url).content.decode()
        pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
        assert pictures, url
        for picture in pictures:
            assert 'loading="lazy"' in picture
            assert re.search(r'<img\b[^>]*\balt="[^"]+"', picture), url
            assert "srcset=" in picture and "sizes=" in picture
    assert Rendition.objects.count() == before


def test_demo_films_are_valid_and_show_what_their_captions_say(
    demo_output, demo_media, tmp_path
):
    """Each demo film is a real H.264/AAC file of its scenes' length; its captions
    in the film's language say, scene by scene, the text the film shows at that
    time, and the scenes look different from each other; its poster frame is the
    page's picture."""
    import json
    import shutil
    import subprocess

    from PIL import Image as PILImage
    from PIL import ImageChops, ImageStat

    from media.demo import FILM_SIZE, FILMS, SCENE_SECONDS
    from media.models import CaptionTrack, VideoPage

    ffprobe, ffmpeg = shutil.which("ffprobe"), shutil.which("ffmpeg")
    assert ffprobe and ffmpeg, "the demo films need ffmpeg (make installs it)"
    for spec in FILMS:
        page = VideoPage.objects.live().select_related("video").get(slug=spec["slug"])
        path = page.video.file.path
        probe = json.loads(
            subprocess.run(
                [
                    ffprobe,
                    "-v",
                    "error",
                    "-show_streams",
                    "-show_format",
                    "-of",
                    "json",
                    path,
                ],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        )
        streams = {stream["codec_type"]: stream for stream in probe["streams"]}
        assert streams["video"]["codec_name"] == "h264"
        assert streams["audio"]["codec_name"] == "aac"
        assert (streams["video"]["width"], streams["video"]["height"]) == FILM_SIZE
        seconds = SCENE_SECONDS * len(spec["scenes"])
        assert abs(float(probe["format"]["duration"]) - seconds) < 0.5

        track = CaptionTrack.objects.get(video=page.video, language=spec["language"])
        assert len(track.cues) == len(spec["scenes"])
        frames = []
        for number, (cue, scene) in enumerate(
            zip(track.cues, spec["scenes"], strict=True)
        ):
            assert scene.casefold() in cue["text"].casefold(), (cue, scene)
            start, end = number * SCENE_SECONDS, (number + 1) * SCENE_SECONDS
            assert start <= cue["start"] < cue["end"] <= end
            frame = tmp_path / f"{spec['slug']}-{number}.png"
            middle = (cue["start"] + cue["end"]) / 2
            subprocess.run(
                [
                    ffmpeg,
                    "-nostdin",
                    "-v",
                    "error",
                    "-ss",
                    str(middle),
                    "-i",
                    path,
                    "-frames:v",
                    "1",
                    "-y",
                    str(frame),
                ],
                check=True,
            )
            frames.append(PILImage.open(frame).convert("L"))
        for first, second in zip(frames, frames[1:], strict=False):
            difference = ImageStat.Stat(ImageChops.difference(first, second)).mean[0]
            assert difference > 2, spec["slug"]
        assert page.image_id and page.image_alt == spec["poster_alt"]
        assert spec["scenes"][0] in page.image_alt
