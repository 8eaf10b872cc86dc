"""The files a launch checklist asks for: security.txt (RFC 9116), robots.txt, the
web manifest, /favicon.ico, sitemap.xml (also tests/dela/test_site_address.py) and a
styled 500 page that renders without the database."""

import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_security_txt_is_absent_until_a_contact_is_configured(client, settings):
    settings.SECURITY_CONTACT = ""
    assert client.get("/.well-known/security.txt").status_code == 404


def test_security_txt_names_the_contact_and_expires_within_a_year(client, settings):
    settings.SECURITY_CONTACT = "mailto:sakerhet@halmstad.example"
    settings.WAGTAILADMIN_BASE_URL = "https://dela.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Contact: mailto:sakerhet@halmstad.example\n" in text
    assert "Canonical: https://dela.example.org/.well-known/security.txt" in text
    expires = re.search(r"^Expires: (\S+)$", text, re.M).group(1)
    days = (timezone.datetime.fromisoformat(expires) - timezone.now()).days
    assert 0 < days < 365


def test_robots_txt_keeps_crawlers_to_public_pages_and_names_the_sitemap(
    client, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://dela.example.org"
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    for path in ("/admin/", "/accounts/", "/network/me/", "/search/"):
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /\n" not in text  # the public pages are for everyone
    assert "Sitemap: https://dela.example.org/sitemap.xml" in text


def test_the_web_manifest_lets_a_phone_keep_dela_on_its_home_screen(client):
    import json

    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "Dela" and manifest["start_url"] == "/"
    assert manifest["icons"][0]["src"].endswith("favicon.svg")
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page


def test_favicon_ico_leads_to_dela_s_icon_without_a_brand(client):
    from django.templatetags.static import static

    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")
    assert client.post("/favicon.ico").status_code == 405


def test_favicon_ico_leads_to_the_installation_s_icon(client):
    from wagtail.models import Site

    from home.models import BrandingSettings
    from tests.factories import ImageFactory

    brand = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
    brand.favicon = ImageFactory(title="Ikon", file__width=600, file__height=600)
    brand.save()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert re.search(r"\.fill-32x32[^/]*\.png$", response["Location"], re.I)
    page = client.get("/").content.decode()
    assert f'<link rel="icon" href="{response["Location"]}"' in page


def test_the_500_page_is_styled_and_renders_without_the_database(django_db_blocker):
    """Django renders it with the error still raised (handler500): the template
    reads nothing from the database, so a broken database cannot break it too."""
    from django.test import RequestFactory

    from dela.errors import server_error

    request = RequestFactory().get("/berattelser/")
    with django_db_blocker.block():
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html
    assert 'name="viewport"' in html and "font-family" in html  # styled, for phones
    assert "Något gick fel" in html and 'lang="en"' in html
    assert '<a href="/">' in html  # a way back


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
W3C_DATETIME = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)


def _check_sitemap_shape(xml_bytes):
    """The sitemap protocol's schema (sitemaps.org sitemap.xsd) as checks: a urlset in
    the sitemap namespace of <url> elements, each with one absolute <loc> under 2048
    characters, at most one <lastmod> (W3C datetime), <changefreq> and <priority> with
    their allowed values, and nothing else but xhtml:link alternates. Returns the
    <url> elements."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(xml_bytes)  # raises unless well-formed
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    allowed = {"loc", "lastmod", "changefreq", "priority"}
    urls = list(root)
    for url in urls:
        assert url.tag == f"{{{SITEMAP_NS}}}url"
        names = []
        for child in url:
            if child.tag == f"{{{XHTML_NS}}}link":
                assert child.get("rel") == "alternate"
                assert re.match(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", child.get("hreflang"))
                assert child.get("href").startswith("http")
                continue
            namespace, name = child.tag[1:].split("}")
            assert namespace == SITEMAP_NS and name in allowed, child.tag
            names.append(name)
        assert names.count("loc") == 1 and all(names.count(n) <= 1 for n in allowed)
        loc = url.find(f"{{{SITEMAP_NS}}}loc").text
        assert re.match(r"^https?://[^\s]+$", loc) and len(loc) < 2048
        lastmod = url.find(f"{{{SITEMAP_NS}}}lastmod")
        if lastmod is not None:
            assert W3C_DATETIME.match(lastmod.text), lastmod.text
        changefreq = url.find(f"{{{SITEMAP_NS}}}changefreq")
        if changefreq is not None:
            assert changefreq.text in {
                "always",
                "hourly",
                "daily",
                "weekly",
                "monthly",
                "yearly",
                "never",
            }
        priority = url.find(f"{{{SITEMAP_NS}}}priority")
        if priority is not None:
            assert 0 <= float(priority.text) <= 1
    return urls


def test_the_sitemap_is_valid_and_lists_translations_as_alternates(client, settings):
    """Well-formed, in the sitemap namespace and shaped as its schema says; a page
    translated into English lists both languages as hreflang alternates; drafts,
    private pages and what is under them are never in it."""
    from wagtail.models import Locale, PageViewRestriction, Site

    from home.models import StandardPage

    settings.WAGTAILADMIN_BASE_URL = "http://localhost"
    home = Site.objects.get(is_default_site=True).root_page.specific
    about = StandardPage(title="Om Dela", slug="om", body=[("paragraph", "<p>Om.</p>")])
    home.add_child(instance=about)
    about.save_revision().publish()
    english = Locale.objects.create(language_code="en")
    # its English translation, beside it in the one tree
    about_en = StandardPage(
        title="About Dela",
        slug="about",
        body=[("paragraph", "<p>About.</p>")],
        locale=english,
        translation_key=about.translation_key,
    )
    home.add_child(instance=about_en)
    about_en.save_revision().publish()
    # a translation outside the site (no address) is no alternate
    about.copy_for_translation(
        Locale.objects.create(language_code="da"), copy_parents=True
    ).save_revision().publish()
    draft = StandardPage(title="Utkast", slug="utkast", body=[], live=False)
    home.add_child(instance=draft)
    private = StandardPage(title="Intern", slug="intern", body=[])
    home.add_child(instance=private)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    under_private = StandardPage(title="Djupare", slug="djupare", body=[])
    private.add_child(instance=under_private)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urls = _check_sitemap_shape(response.content)
    by_loc = {url.find(f"{{{SITEMAP_NS}}}loc").text: url for url in urls}
    about_url = about.get_full_url()
    assert about_url in by_loc
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in by_loc[about_url].findall(f"{{{XHTML_NS}}}link")
    }
    assert alternates == {"sv": about_url, "en": about_en.get_full_url()}
    # a page without a translation has no alternates
    assert not by_loc[home.get_full_url()].findall(f"{{{XHTML_NS}}}link")
    text = response.content.decode()
    for page in (draft, private, under_private):
        assert f"/{page.slug}/" not in text
