"""The pages that only ambassadors use (sharing a story or a video, proposing a
learning path) tell a member how to become an ambassador, and send an editor, who
writes in the admin, there instead: one include, the same answer on each page.
(Editors may upload videos from the site: the video page shows them its form.)"""

import pytest

from home.models import HomePage
from media.models import VideoIndexPage
from stories.models import StoryIndexPage
from tests.competence.competence_helpers import paths_index

pytestmark = pytest.mark.django_db

PAGES = ["/stories/share/", "/videos/upload/", "/competence/paths/propose/"]


@pytest.fixture
def indexes(db):
    home = HomePage.objects.first()
    for index in (
        StoryIndexPage(title="Berättelser", slug="stories", intro="Erfarenheter."),
        VideoIndexPage(title="Videor", slug="videos"),
    ):
        home.add_child(instance=index)
        index.save_revision().publish()
    paths_index()


@pytest.mark.parametrize(
    "page, role, shown, not_shown",
    [
        *[(page, "member", "/accounts/ambassador/", "/admin/") for page in PAGES],
        # Editors upload videos to the library from the site too: only the other two.
        ("/stories/share/", "editor", "/admin/", "/accounts/ambassador/"),
        ("/competence/paths/propose/", "editor", "/admin/", "/accounts/ambassador/"),
    ],
)
def test_a_member_learns_the_way_in_and_an_editor_is_sent_to_the_admin(
    client, indexes, request, page, role, shown, not_shown
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(page)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'class="button" href="{shown}"' in html
    assert f'class="button" href="{not_shown}"' not in html
    assert "<textarea" not in html
