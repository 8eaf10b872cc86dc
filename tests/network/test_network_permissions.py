"""The permission matrix: every network page × every role, with the expected status.

302 for a visitor means "sent to log in" (asserted); 404 hides what a role may not
know exists (a private group's thread); 403 refuses what a role may see but not do.
"""

import pytest
from django.urls import reverse

from network.models import Post

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "member",
    "ambassador",
    "group_member",
    "moderator",
    "editor",
    "admin",
]


def _row(visitor, member, ambassador, group_member, moderator, editor, admin):
    return dict(
        zip(
            ROLES,
            [visitor, member, ambassador, group_member, moderator, editor, admin],
            strict=True,
        )
    )


ALL_OK = _row(200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = _row(302, 200, 200, 200, 200, 200, 200)
MODERATORS = _row(302, 403, 403, 403, 200, 403, 200)

# name -> (function(objects) -> url, expected statuses)
GET_MATRIX = {
    "index": (lambda o: reverse("network:index"), ALL_OK),
    "public category": (
        lambda o: reverse("network:category", args=[o["category"].slug]),
        ALL_OK,
    ),
    "members category": (
        lambda o: reverse("network:category", args=[o["members_category"].slug]),
        SIGNED_IN,
    ),
    "ask the network": (lambda o: reverse("network:new_thread"), SIGNED_IN),
    "new thread in category": (
        lambda o: reverse("network:new_thread_category", args=[o["category"].slug]),
        _row(302, 403, 200, 403, 200, 403, 200),
    ),
    "public group": (
        lambda o: reverse("network:group", args=[o["public_group"].slug]),
        ALL_OK,
    ),
    "private group page": (
        lambda o: reverse("network:group", args=[o["private_group"].slug]),
        SIGNED_IN,
    ),
    "new thread in private group": (
        lambda o: reverse("network:new_thread_group", args=[o["private_group"].slug]),
        _row(302, 404, 404, 200, 200, 404, 200),
    ),
    "group members and requests": (
        lambda o: reverse("network:group_requests", args=[o["private_group"].slug]),
        MODERATORS,
    ),
    "thread": (lambda o: o["thread"].get_absolute_url(), ALL_OK),
    # Visitors get the same 404 as for a thread that never was.
    "private group thread": (
        lambda o: o["private_thread"].get_absolute_url(),
        _row(404, 404, 404, 200, 200, 404, 200),
    ),
    "post history": (
        lambda o: reverse("network:post_history", args=[o["first_post"].pk]),
        ALL_OK,
    ),
    "edit another's post": (
        lambda o: reverse("network:post_edit", args=[o["first_post"].pk]),
        MODERATORS,
    ),
    "flag a post": (
        lambda o: reverse("network:post_flag", args=[o["first_post"].pk]),
        SIGNED_IN,
    ),
    "move thread": (
        lambda o: reverse("network:thread_move", args=[o["thread"].pk]),
        MODERATORS,
    ),
    "merge thread": (
        lambda o: reverse("network:thread_merge", args=[o["thread"].pk]),
        MODERATORS,
    ),
    "unsolved thread to story": (
        lambda o: reverse("network:thread_story", args=[o["thread"].pk]),
        _row(302, 403, 403, 403, 403, 403, 403),
    ),
    "tag": (lambda o: reverse("network:tag", args=["hemtjanst"]), ALL_OK),
    "notifications": (lambda o: reverse("network:notifications"), SIGNED_IN),
    "notification count": (lambda o: reverse("network:notification_count"), ALL_OK),
    "preferences": (lambda o: reverse("network:preferences"), SIGNED_IN),
    "bookmarks": (lambda o: reverse("network:bookmarks"), SIGNED_IN),
    "edit my profile": (lambda o: reverse("network:profile_edit"), SIGNED_IN),
    "my data": (lambda o: reverse("network:my_data"), SIGNED_IN),
    # The password again first (allauth's reauthentication page).
    "erase": (
        lambda o: reverse("network:erase"),
        _row(302, 302, 302, 302, 302, 302, 302),
    ),
    "moderation queue": (lambda o: reverse("network:moderation"), MODERATORS),
    "moderation log": (lambda o: reverse("network:moderation_log"), MODERATORS),
    "suspend": (
        lambda o: reverse("network:suspend", args=[o["other_ambassador"].pk]),
        MODERATORS,
    ),
    "mentions": (
        lambda o: reverse("network:mentions") + "?q=ka",
        _row(403, 200, 200, 200, 200, 200, 200),
    ),
    "directory": (lambda o: reverse("network:directory"), ALL_OK),
    # Members-only profiles: an ambassador's (in the directory) for every member;
    # anyone else's only for the people who share a group or a thread with them.
    # Nobody else learns that the person is a member.
    "members-only profile in the directory": (
        lambda o: reverse("network:profile", args=[o["other_ambassador"].pk]),
        _row(404, 200, 200, 200, 200, 200, 200),
    ),
    "members-only profile of a group's member": (
        lambda o: reverse("network:profile", args=[o["group_member"].pk]),
        _row(404, 404, 404, 200, 200, 404, 200),
    ),
    "members-only profile of a thread's replier": (
        lambda o: reverse("network:profile", args=[o["member"].pk]),
        _row(404, 200, 404, 404, 200, 404, 200),
    ),
    "bad unsubscribe link": (
        lambda o: reverse("network:unsubscribe", args=["nonsense"]),
        _row(404, 404, 404, 404, 404, 404, 404),
    ),
}


@pytest.fixture
def objects(
    category,
    members_category,
    public_group,
    private_group,
    thread,
    private_thread,
    other_ambassador,
    group_member,
    member,
):
    from taggit.models import Tag

    from network.services import profile_of

    profile_of(group_member)
    profile_of(member)

    Tag.objects.get_or_create(name="hemtjänst", slug="hemtjanst")
    return {
        "category": category,
        "members_category": members_category,
        "public_group": public_group,
        "private_group": private_group,
        "thread": thread,
        "private_thread": private_thread,
        "other_ambassador": other_ambassador,
        "group_member": group_member,
        "member": member,
        "first_post": Post.objects.get(thread=thread, position=1),
    }


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(role, request, client, objects):
    user = request.getfixturevalue(role)
    if role != "visitor":
        client.force_login(user)
    failures = []
    for name, (url_of, expected) in GET_MATRIX.items():
        url = url_of(objects)
        response = client.get(url)
        if response.status_code != expected[role]:
            failures.append(f"{name} {url}: {response.status_code} != {expected[role]}")
        elif role == "visitor" and expected[role] == 302:
            assert "/accounts/login/" in response["Location"], name
    assert not failures, "\n".join(failures)


POST_MATRIX = {
    # A reply to a private group's thread: only its members (and moderators).
    # A visitor learns nothing of a private group's thread, not even that it exists.
    "reply in private group": (
        lambda o: reverse("network:reply", args=[o["private_thread"].pk]),
        {"body": "Ett svar från {role}."},
        _row(404, 404, 404, "done", "done", 404, "done"),
    ),
    "hide a thread": (
        lambda o: reverse("network:thread_moderate", args=[o["thread"].pk]),
        {"action": "pin"},
        _row("login", 403, 403, 403, "done", 403, "done"),
    ),
    "react": (
        lambda o: reverse("network:post_react", args=[o["first_post"].pk]),
        {"kind": "like"},
        _row("login", "done", "done", "done", "done", "done", "done"),
    ),
    "mark solution (not the author)": (
        lambda o: reverse("network:post_solution", args=[o["reply"].pk]),
        {},
        _row("login", 403, 403, 403, "done", 403, "done"),
    ),
}


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(role, request, client, objects):
    user = request.getfixturevalue(role)
    objects["reply"] = Post.objects.get(thread=objects["thread"], position=2)
    if role != "visitor":
        client.force_login(user)
    for name, (url_of, data, expected) in POST_MATRIX.items():
        data = {k: v.format(role=role) for k, v in data.items()}
        response = client.post(url_of(objects), data)
        outcome = expected[role]
        if outcome == "login":
            assert response.status_code == 302, name
            assert "/accounts/login/" in response["Location"], name
        elif outcome == "done":
            assert response.status_code == 302, (name, response.status_code)
            assert "/accounts/login/" not in response["Location"], name
        else:
            assert response.status_code == outcome, (name, response.status_code)
