"""The files a launch checklist asks for: security.txt (RFC 9116), robots.txt and the
web manifest (sitemap.xml: tests/test_site_address.py)."""

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
