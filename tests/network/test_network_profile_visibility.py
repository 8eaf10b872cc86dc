"""Who may open a member's profile (issue 13): a public profile, anyone; a members-only
one, signed-in members when the person is in the directory (an ambassador) or shares
a group or a thread with them; the person and the moderators always. The rule has one
owner (network.permissions) with a check and a filter form, held to the same answers
here; the thread page links an author only for readers who may follow the link, and
@mention suggestions name only people the member may open."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.roles import Role, grant_role
from network import services
from network.models import Profile
from network.permissions import network_permissions as perms
from tests.factories import UserFactory
from tests.network.network_factories import make_thread

pytestmark = pytest.mark.django_db


def _person(name, *roles):
    user = UserFactory(display_name=name)
    for role in (Role.MEMBER, *roles):
        grant_role(user, role)
    services.profile_of(user)
    return user


@pytest.fixture
def world(category, private_group, group_member, other_ambassador, moderator, editor):
    replier = _person("Rut Replik")
    lurker = _person("Lars Läsare")
    stranger = _person("Sara Främling")
    public_person = _person("Petra Publik")
    profile = services.profile_of(public_person)
    profile.visibility = Profile.ProfileVisibility.PUBLIC
    profile.save()
    gone = _person("Gösta Borta")
    gone.is_active = False
    gone.save()
    make_thread(other_ambassador, category, replies=[(replier, "Vi testar också.")])
    return {
        "visitor": AnonymousUser(),
        "replier": replier,
        "lurker": lurker,
        "stranger": stranger,
        "public": public_person,
        "gone": gone,
        "group_member": group_member,
        "other_ambassador": other_ambassador,
        "moderator": moderator,
        "editor": editor,
    }


def _fresh(user):
    """The user as a new request would see it (no per-request caches)."""
    if not user.is_authenticated:
        return user
    return type(user).objects.get(pk=user.pk)


def test_the_check_and_the_filter_give_the_same_answers(world):
    profiles = list(Profile.objects.select_related("user"))
    for viewer_name, viewer in world.items():
        allowed = set(
            Profile.objects.filter(perms.viewable_profiles_q(_fresh(viewer)))
            .distinct()
            .values_list("pk", flat=True)
        )
        checker = _fresh(viewer)
        for profile in profiles:
            assert perms.can_view_profile(checker, profile) == (
                profile.pk in allowed
            ), (viewer_name, str(profile))


@pytest.mark.parametrize(
    ("viewer", "person", "may"),
    [
        ("visitor", "public", True),
        ("visitor", "other_ambassador", False),
        ("stranger", "other_ambassador", True),  # in the directory
        ("stranger", "replier", False),
        ("other_ambassador", "replier", True),  # the same thread
        ("replier", "lurker", False),
        ("group_member", "other_ambassador", True),
        ("stranger", "group_member", False),
        ("other_ambassador", "group_member", True),  # the same group
        ("lurker", "lurker", True),
        ("moderator", "stranger", True),
        ("editor", "stranger", False),  # the admin is not the network
        ("moderator", "gone", False),
    ],
)
def test_who_may_open_whose_profile(client, world, viewer, person, may):
    if viewer != "visitor":
        client.force_login(world[viewer])
    response = client.get(reverse("network:profile", args=[world[person].pk]))
    assert response.status_code == (200 if may else 404)


def test_the_thread_page_links_an_author_only_for_those_who_may_follow(
    client, world, category
):
    thread = make_thread(
        world["other_ambassador"],
        category,
        title="Skärmbesök i hemtjänsten",
        replies=[(world["lurker"], "Hur gick det?")],
    )
    lurker_profile = reverse("network:profile", args=[world["lurker"].pk])
    client.force_login(world["stranger"])
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Lars Läsare" in page and lurker_profile not in page
    client.force_login(world["other_ambassador"])
    page = client.get(thread.get_absolute_url()).content.decode()
    assert lurker_profile in page


def test_mention_suggestions_name_only_people_the_member_may_open(client, world):
    client.force_login(world["stranger"])
    names = [
        row["name"]
        for row in client.get(reverse("network:mentions"), {"q": "Ru"}).json()[
            "results"
        ]
    ]
    assert names == []  # Rut shares nothing with Sara
    client.force_login(world["other_ambassador"])
    names = [
        row["name"]
        for row in client.get(reverse("network:mentions"), {"q": "Ru"}).json()[
            "results"
        ]
    ]
    assert names == ["Rut Replik"]


def test_the_people_someone_shares_a_thread_with_are_read_once_each(
    thread, member, other_ambassador
):
    """A member's acquaintances cost one row per person, not one per post they ever
    wrote (the post ordering must not reach the DISTINCT)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(8):
        services.reply(member, thread, f"Ett svar till, nummer {number}.")
    with CaptureQueriesContext(connection) as queries:
        known = perms._acquaintances(member)
    assert known == {member.pk, other_ambassador.pk}
    (authors_sql,) = [q["sql"] for q in queries if "DISTINCT" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(authors_sql)
        assert len(cursor.fetchall()) == 2
