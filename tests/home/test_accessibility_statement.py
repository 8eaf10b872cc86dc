"""The accessibility statement answers to each country's law (issue 14): the reader's
own country's supervisory authority and complaint route come first, in the reader's
language: DIGG in Sweden, Uu-tilsynet in Norway, Digitaliseringsstyrelsen (and
was.digst.dk) in Denmark."""

import re

import pytest
from django.conf import settings
from wagtail.models import Page

from home.models import StandardPage

pytestmark = pytest.mark.django_db

FIRST = {
    "sv": ("I Sverige har Myndigheten för digital förvaltning (DIGG)", "digg.se"),
    "nb": ("I Norge fører Tilsynet for universell utforming av ikt", "uutilsynet.no"),
    "da": ("I Danmark fører Digitaliseringsstyrelsen tilsyn", "was.digst.dk"),
    "en": ("In Sweden, the Agency for Digital Government (DIGG)", "digg.se"),
}


@pytest.fixture
def statement():
    home = Page.objects.get(depth=2)
    page = StandardPage(
        title="Tillgänglighetsredogörelse",
        slug="tillganglighet",
        body=[("supervision", {"countries": ["SE", "NO", "DK"]})],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("language", ["sv", "nb", "da", "en"])
def test_the_readers_country_comes_first_in_the_readers_language(
    client, statement, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(statement.url).content.decode()
    block = re.search(r'<div class="supervision">(.*?)</div>', html, re.S).group(1)
    paragraphs = re.findall(r"<p>(.*?)</p>", block, re.S)
    assert len(paragraphs) == 3
    opening, link = FIRST[language]
    assert paragraphs[0].startswith(opening)
    assert link in paragraphs[0]
