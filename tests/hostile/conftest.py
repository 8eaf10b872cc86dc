"""The small site the hostile tests send their requests to: pages with every kind of
form, listings with every kind of parameter, and people in each role."""

import pytest

from accounts.roles import Role, grant_role
from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.events.event_helpers import make_event
from tests.factories import UserFactory
from tests.network.network_factories import make_category, make_group, make_thread
from tests.stories.story_helpers import publish_story


@pytest.fixture
def client(client):
    """A 500 is an answer to report with the others, not an exception."""
    client.raise_request_exception = False
    return client


@pytest.fixture
def world(ambassador, moderator, halmstad, client):
    from home.models import HomePage
    from stories.models import StoryIndexPage

    home = HomePage.objects.first()
    stories = StoryIndexPage(title="Berättelser", slug="stories")
    home.add_child(instance=stories)
    stories.save_revision().publish()
    story = publish_story(stories, "Digitala ombud i hemtjänsten")
    catalogue = make_index()
    entry = make_entry(catalogue, "Skärmbesök i hemtjänsten")
    event = make_event()
    category = make_category()
    group = make_group("Digga Halland", admin=ambassador)
    thread = make_thread(
        ambassador, category, replies=[(moderator, "Vi använder samma app.")]
    )
    member = UserFactory(display_name="Mia Medlem")
    grant_role(member, Role.MEMBER)
    return {
        "visitor": None,
        "member": member,
        "ambassador": ambassador,
        "moderator": moderator,
        "pages": [
            "/",
            "/search/",
            story.url,
            "/stories/",
            "/stories/share/",
            "/stories/drafts/",
            catalogue.url,
            entry.url,
            "/events/",
            event.url,
            "/network/",
            "/network/new/",
            thread.get_absolute_url(),
            group.get_absolute_url(),
            category.get_absolute_url(),
            "/network/me/profile/",
            "/network/preferences/",
            "/ambassadors/",
            "/accounts/profile/",
            "/accounts/ambassador/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
        ],
        "listings": [
            "/search/",
            "/api/search/",
            "/search/suggest/",
            "/stories/",
            catalogue.url,
            catalogue.url + "export.csv",
            catalogue.url + "export.json",
            catalogue.url + "feed/rss/",
            "/events/",
            "/events/past/",
            "/network/",
            "/network/mentions/",
            "/network/new/",
            thread.get_absolute_url(),
            "/ambassadors/",
            "/api/v2/pages/",
            "/api/v2/images/",
            "/sitemap.xml",
        ],
    }
