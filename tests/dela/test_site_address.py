"""One public address: BASE_URL drives every absolute link Dela writes, whatever host a
request came in on, and the Wagtail Site record follows it."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from wagtail.models import Site

from home.site_address import sync_default_site
from stories.models import StoryIndexPage
from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.events.event_helpers import make_event
from tests.stories.story_helpers import publish_story

pytestmark = pytest.mark.django_db
PUBLIC = "https://dela.example.org"


@pytest.fixture
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    settings.WAGTAILAPI_BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["testserver", "dela.example.org", "internal.example"]
    sync_default_site()
    yield
    Site.clear_site_root_paths_cache()


def hosts(text):
    return {urlsplit(url).netloc for url in re.findall(r"https?://[^\s\"'<>]+", text)}


def test_the_default_site_follows_base_url(public_address):
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == PUBLIC
    assert not sync_default_site()  # already in step


def test_every_kind_of_absolute_link_has_the_one_host(public_address, client, member):
    """Asked on another host (a proxy's internal name), every link still names BASE_URL:
    page URLs, a story's print footer, the sitemap, the export, the feed, the page
    API, .ics, the search API and the password reset e-mail."""
    other = {"HTTP_HOST": "internal.example"}
    entry = make_entry(make_index(), "Välfärdsteknik i Laholm")
    event = make_event()
    story_index = Site.objects.get(is_default_site=True).root_page.add_child(
        instance=StoryIndexPage(title="Berättelser", slug="stories")
    )
    story = publish_story(story_index, "Ombud i Halmstad")
    printed = client.get(story.url, **other).content.decode()
    (print_footer,) = re.findall(r'class="story__print-address".*?</p>', printed, re.S)
    texts = [
        print_footer,
        # (the sitemap's own links: its <loc>s, not the XML namespaces)
        " ".join(
            re.findall(r"<loc>(.*?)</loc>", client.get("/sitemap.xml", **other).text)
        ),
        entry.get_full_url(),
        b"".join(
            client.get("/catalogue/export.csv", **other).streaming_content
        ).decode(),
        client.get("/catalogue/feed/", **other).content.decode(),
        client.get(f"/api/v2/pages/{entry.pk}/", **other).content.decode(),
        # (iCalendar folds long lines: unfolded first)
        client.get(f"{event.url}event.ics", **other)
        .content.decode()
        .replace("\r\n ", ""),
        client.get("/api/search/", {"q": "välfärdsteknik"}, **other).content.decode(),
    ]
    client.post("/accounts/password/reset/", {"email": member.email}, **other)
    texts += [message.body for message in mail.outbox]
    found = set().union(*(hosts(text) for text in texts))
    assert found == {"dela.example.org"}, found


def test_the_sitemap_lists_live_public_pages_only(public_address, client):
    from wagtail.models import PageViewRestriction

    root = Site.objects.get(is_default_site=True).root_page
    story_index = root.add_child(instance=StoryIndexPage(title="Berättelser", slug="s"))
    published = publish_story(story_index, "Publicerad berättelse")
    members_only = publish_story(story_index, "Bara för medlemmar")
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )
    draft = publish_story(story_index, "Utkast")
    draft.unpublish()

    sitemap = client.get("/sitemap.xml").content.decode()
    assert published.full_url in sitemap
    assert members_only.full_url not in sitemap
    assert draft.full_url not in sitemap
