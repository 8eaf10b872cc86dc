"""The files a launch checklist asks for: /.well-known/security.txt (RFC 9116)."""

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
