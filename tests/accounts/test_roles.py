"""Dela's roles as groups, the permission handler, and who opens the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from accounts import roles
from accounts.models import AmbassadorRequest
from accounts.permissions import permissions
from accounts.roles import GROUP_NAMES, ROLE_PERMISSIONS, Role, grant_role, roles_of
from dela.permissions import BoundPermissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _dotted(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def _group_permissions(group):
    return {_dotted(p) for p in group.permissions.select_related("content_type").all()}


def _snapshot():
    """Everything sync_role_groups manages, as comparable data."""
    groups = Group.objects.filter(name__in=GROUP_NAMES.values()).order_by("name")
    return {
        "groups": [(g.pk, g.name, sorted(_group_permissions(g))) for g in groups],
        "page": sorted(
            GroupPagePermission.objects.values_list("pk", "group", "page", "permission")
        ),
        "collection": sorted(
            GroupCollectionPermission.objects.values_list(
                "pk", "group", "collection", "permission"
            )
        ),
        "permissions": Permission.objects.count(),
    }


# --- Groups after migrate -------------------------------------------------------------


@pytest.mark.parametrize("role", list(GROUP_NAMES))
def test_each_role_group_has_exactly_its_declared_permissions(role):
    group = Group.objects.get(name=GROUP_NAMES[role])
    assert _group_permissions(group) == set(ROLE_PERMISSIONS[role])


def test_role_groups_are_the_five_declared_ones():
    assert set(GROUP_NAMES.values()) == {
        "Members",
        "Ambassadors",
        "Moderators",
        "Editors",
        "Programme leads",
    }
    assert Group.objects.filter(name__in=GROUP_NAMES.values()).count() == 5


def test_wagtails_initial_moderator_permissions_are_gone():
    """Wagtail's first migrations give its "Moderators" group admin access and page and
    image permissions; Dela's moderators moderate the network, not the CMS."""
    moderators = Group.objects.get(name="Moderators")
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    assert "wagtailadmin.access_admin" not in _group_permissions(moderators)


def test_editors_have_page_permissions_on_the_root_and_collection_permissions():
    editors = Group.objects.get(name="Editors")
    root = Page.get_first_root_node()
    page_perms = GroupPagePermission.objects.filter(group=editors)
    assert {p.page_id for p in page_perms} == {root.pk}
    assert {_dotted(p.permission) for p in page_perms} == set(
        roles.EDITOR_PAGE_PERMISSIONS
    )
    collection_perms = GroupCollectionPermission.objects.filter(group=editors)
    assert {p.collection_id for p in collection_perms} == {
        Collection.get_first_root_node().pk
    }
    assert {_dotted(p.permission) for p in collection_perms} == set(
        roles.EDITOR_COLLECTION_PERMISSIONS
    )


def test_syncing_twice_changes_nothing():
    before = _snapshot()
    roles.sync_role_groups()
    roles.sync_role_groups()
    assert _snapshot() == before


def test_sync_undoes_permissions_added_by_hand():
    """An extra permission given in the admin is removed at the next migrate."""
    members = Group.objects.get(name="Members")
    extra = Permission.objects.get(
        content_type__app_label="accounts", codename="moderate_network"
    )
    members.permissions.add(extra)
    moderators = Group.objects.get(name="Moderators")
    GroupPagePermission.objects.create(
        group=moderators,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        ),
    )
    roles.sync_role_groups()
    assert _group_permissions(members) == set()
    assert not GroupPagePermission.objects.filter(group=moderators).exists()


def test_migrate_runs_the_sync():
    """The post_migrate receiver is connected: a `migrate` with nothing to apply
    restores the declared permissions."""
    from django.core.management import call_command

    members = Group.objects.get(name="Members")
    members.permissions.add(Permission.objects.get(codename="submit_content"))
    call_command("migrate", verbosity=0, interactive=False)
    assert _group_permissions(members) == set()


def test_page_approval_goes_to_editors_not_network_moderators(editor, moderator):
    """Wagtail's default "Moderators approval" workflow would make Dela's network
    moderators, who cannot open the admin, the approvers of every page."""
    from wagtail.models import GroupApprovalTask, Workflow

    home = Page.objects.get(depth=2)
    workflow = home.get_workflow()
    assert workflow is not None
    # stored in English, read in the reader's language (dela/workflow_names.py)
    assert Workflow.objects.filter(pk=workflow.pk, name="Editors approval").exists()
    (task,) = [t.specific for t in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert set(task.groups.values_list("name", flat=True)) == {"Editors"}
    assert {name for name, *_ in task.get_actions(home, editor)} == {
        "approve",
        "reject",
    }
    assert task.get_actions(home, moderator) == []
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_a_partial_migrate_of_a_new_database_does_not_fail(tmp_path):
    """`migrate accounts` on an empty database runs before Wagtail's tables exist; the
    role sync waits for the full migrate instead of crashing it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "migrate", "accounts", "-v0"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


# --- Roles ----------------------------------------------------------------------------

EXPECTED_ROLES = {
    "visitor": set(),
    "member": {Role.MEMBER},
    "ambassador": {Role.MEMBER, Role.AMBASSADOR},
    "moderator": {Role.MEMBER, Role.AMBASSADOR, Role.MODERATOR},
    "editor": {Role.MEMBER, Role.EDITOR},
    "admin": set(Role),
}


def test_roles_of_each_role(any_role):
    name, user = any_role
    assert roles_of(user) == EXPECTED_ROLES[name]


def test_a_moderator_is_an_ambassador_even_without_that_group():
    user = UserFactory()
    grant_role(user, Role.MODERATOR)
    assert roles_of(user) == {Role.MEMBER, Role.AMBASSADOR, Role.MODERATOR}
    assert permissions.can_submit_content(user)


def test_an_inactive_user_holds_no_role(editor):
    editor.is_active = False
    editor.save()
    assert roles_of(editor) == set()
    assert not permissions.can_access_admin(editor)
    assert not permissions.can_edit_profile(editor)


def test_grant_role_takes_effect_on_the_same_user_object(member):
    assert not permissions.can_submit_content(member)
    assert roles_of(member) == {Role.MEMBER}
    grant_role(member, Role.AMBASSADOR)
    assert Role.AMBASSADOR in roles_of(member)
    assert permissions.can_submit_content(member)


def test_grant_role_is_idempotent(member):
    grant_role(member, Role.MEMBER)
    grant_role(member, Role.MEMBER)
    assert list(member.groups.values_list("name", flat=True)) == ["Members"]


def test_the_admin_role_is_the_superuser_flag(member):
    with pytest.raises(ValueError, match="superuser"):
        grant_role(member, Role.ADMIN)


# --- Permission matrix ----------------------------------------------------------------

CHECKS = [
    "can_access_admin",
    "can_edit_profile",
    "can_request_ambassador_status",
    "can_decide_ambassador_requests",
    "can_submit_content",
    "can_start_threads",
    "can_moderate_network",
]
ALLOWED = {
    "visitor": set(),
    "member": {"can_edit_profile", "can_request_ambassador_status"},
    "ambassador": {"can_edit_profile", "can_submit_content", "can_start_threads"},
    "moderator": {
        "can_edit_profile",
        "can_submit_content",
        "can_start_threads",
        "can_moderate_network",
    },
    "editor": {
        "can_edit_profile",
        # An editor may also be a municipality's ambassador.
        "can_request_ambassador_status",
        "can_access_admin",
        "can_decide_ambassador_requests",
    },
    # Everything, except asking for a role the administrator already holds.
    "admin": set(CHECKS) - {"can_request_ambassador_status"},
}


def test_the_matrix_covers_every_check_of_the_handler():
    declared = {name for name in dir(permissions) if name.startswith("can_")}
    assert declared == set(CHECKS)


@pytest.mark.parametrize("check", CHECKS)
def test_permission_matrix(any_role, check):
    name, user = any_role
    assert getattr(permissions, check)(user) is (check in ALLOWED[name])


@pytest.mark.parametrize("check", CHECKS)
def test_templates_ask_the_same_handler(any_role, check):
    name, user = any_role
    assert getattr(BoundPermissions(permissions, user), check)() is (
        check in ALLOWED[name]
    )


def test_a_member_with_a_pending_request_cannot_ask_again(member, halmstad):
    AmbassadorRequest.objects.create(
        user=member, municipality=halmstad, motivation="I teach colleagues Teams."
    )
    assert not permissions.can_request_ambassador_status(member)


def test_a_member_whose_request_was_declined_may_ask_again(member, halmstad):
    AmbassadorRequest.objects.create(
        user=member,
        municipality=halmstad,
        motivation="I teach colleagues Teams.",
        status=AmbassadorRequest.Status.DECLINED,
    )
    assert permissions.can_request_ambassador_status(member)


# --- The Wagtail admin ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["editor", "admin"])
def test_editors_and_admins_open_the_wagtail_admin(client, request, name):
    client.force_login(request.getfixturevalue(name))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtail" in response.content.decode().lower()


@pytest.mark.parametrize("name", ["visitor", "member", "ambassador", "moderator"])
def test_others_are_kept_out_of_the_wagtail_admin(client, request, name):
    user = request.getfixturevalue(name)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url.startswith("/admin/login/")
