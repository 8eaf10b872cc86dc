"""Branding per installation (issue 17): the site's name, logo, primary colour
(checked for WCAG AA contrast), favicon and social image from Wagtail settings, used by
every page and by the web manifest; each page's description, Open Graph and Twitter
card."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Site

from home.colours import contrast_with_white, validate_primary_colour
from home.models import BrandingSettings
from stories.models import StoryIndexPage
from tests.factories import ImageFactory
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def branded(db):
    site = Site.objects.get(is_default_site=True)
    brand = BrandingSettings.for_site(site)
    brand.site_name = "Kommunnätet"
    brand.description = "Där kommunernas digitala ombud delar erfarenheter."
    brand.primary_colour = "#5A2D82"
    brand.logo = ImageFactory(title="Logga", file__width=300, file__height=100)
    brand.favicon = ImageFactory(title="Ikon", file__width=600, file__height=600)
    brand.social_image = ImageFactory(
        title="Delningsbild", file__width=1600, file__height=1000
    )
    brand.save()
    return brand


def test_contrast_is_computed_as_wcag_says():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#ffffff"), 1) == 1.0
    assert round(contrast_with_white("#767676"), 1) == 4.5  # the usual AA limit grey


@pytest.mark.parametrize("colour", ["#0b5563", "#5A2D82", "#000000", "#767676"])
def test_dark_enough_colours_are_accepted(colour):
    validate_primary_colour(colour)


def test_a_light_colour_is_refused_with_its_contrast_in_the_editors_language():
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate_primary_colour("#ffcc00")
        english = error.value.messages[0]
    assert "#ffcc00" in english and "1.5:1" in english and "4.5:1" in english
    with translation.override("sv"):
        with pytest.raises(ValidationError) as error:
            validate_primary_colour("#ffcc00")
        swedish = error.value.messages[0]
    assert swedish.startswith("#ffcc00 har kontrasten 1,5:1 mot vitt")


@pytest.mark.parametrize("colour", ["red", "#12345", "#12345g", "0b5563"])
def test_a_colour_that_is_no_colour_is_refused(colour):
    with pytest.raises(ValidationError) as error:
        validate_primary_colour(colour)
    assert error.value.code == "invalid"


def test_the_admin_refuses_a_colour_without_contrast(client, admin):
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/home/brandingsettings/{site.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"site_name": "Dela", "primary_colour": "#ffcc00", "description": ""}
    )
    assert response.status_code == 200  # the form again, with the error
    text = response.content.decode()  # the admin in Swedish, the site's language
    assert "#ffcc00 har kontrasten 1,5:1 mot vitt" in text
    assert BrandingSettings.for_site(site).primary_colour == "#0b5563"
    response = client.post(
        url, {"site_name": "Kommunnätet", "primary_colour": "#5A2D82"}
    )
    assert response.status_code == 302
    # the pages follow at once (the cached branding is forgotten on save)
    assert "<title>" in client.get("/").content.decode()
    assert "· Kommunnätet</title>" in client.get("/").content.decode()


def test_every_page_carries_the_brand(client, branded):
    html = client.get("/").content.decode()
    assert re.search(r"<title>[^<]* · Kommunnätet</title>", html)
    assert '<span class="brand-name">Kommunnätet</span>' in html
    assert (
        "--brand: #5a2d82;" in html
        and '<meta name="theme-color" content="#5a2d82">' in html
    )
    logo = re.search(r'<img class="brand-logo" src="([^"]+)" alt=""', html)
    assert logo and logo.group(1).endswith(".png")
    assert re.search(r'<link rel="icon" href="[^"]+\.png" type="image/png"', html)
    assert re.search(r'<link rel="apple-touch-icon" href="[^"]+"', html)
    # the home page has no description of its own beyond its lead
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert image.startswith("http") and ".fill-1200x630" in image
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_the_manifest_names_the_installation(client, branded):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] == "Kommunnätet"
    assert manifest["theme_color"] == "#5a2d82"
    assert manifest["description"] == branded.description
    sizes = {icon["sizes"]: icon for icon in manifest["icons"]}
    assert set(sizes) == {"192x192", "512x512"}
    assert all(icon["type"] == "image/png" for icon in manifest["icons"])


def test_the_brand_costs_no_query_once_read(client, branded):
    client.get("/network/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/network/")
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "home_brandingsettings" not in tables
    assert "wagtailimages_rendition" not in tables


def test_a_story_describes_itself_to_search_engines_and_shared_links(
    client, branded, settings
):
    settings.WAGTAILADMIN_BASE_URL = "http://localhost"
    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=StoryIndexPage(title="Berättelser", slug="stories"))
    story = publish_story(
        index, "Ombud i hemtjänsten", summary="Sex ombud visade kollegorna surfplattan."
    )
    html = client.get(story.url).content.decode()
    summary = "Sex ombud visade kollegorna surfplattan."
    assert f'<meta name="description" content="{summary}">' in html
    assert f'<meta property="og:description" content="{summary}">' in html
    assert '<meta property="og:title" content="Ombud i hemtjänsten">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{story.full_url}">' in html
    assert '<meta property="og:locale" content="sv_SE">' in html
    # no picture of its own: the installation's social image
    assert ".fill-1200x630" in re.search(r'og:image" content="([^"]+)"', html).group(1)


def test_pages_without_a_brand_fall_back_to_dela(client):
    html = client.get("/").content.decode()
    assert "· Dela</title>" in html
    assert '<span class="brand-mark" aria-hidden="true"></span>' in html
    assert '<meta name="twitter:card" content="summary">' in html
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] == "Dela"
    assert manifest["icons"][0]["src"].endswith("favicon.svg")


def test_a_story_with_its_own_picture_shares_that_picture(client, branded, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://localhost"
    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=StoryIndexPage(title="Berättelser", slug="stories"))
    picture = ImageFactory(
        title="Surfplattan",
        file__width=1600,
        file__height=1000,
        file__filename="surfplattan.png",
    )
    story = publish_story(
        index,
        "Surfplattan i hemtjänsten",
        image=picture,
        image_alt="Två kollegor lutar sig över en surfplatta",
    )
    html = client.get(story.url).content.decode()
    shared = re.search(r'og:image" content="([^"]+)"', html).group(1)
    assert shared.startswith("http://localhost/") and "surfplattan" in shared.lower()
    assert ".fill-1200x630" in shared
    assert (
        '<meta property="og:image:alt" content="Två kollegor lutar sig över en'
        ' surfplatta">'
    ) in html
