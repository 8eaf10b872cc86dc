"""Group admins appoint other group admins from the site; a group keeps one."""

import pytest
from django.urls import reverse

from network.models import GroupMembership

pytestmark = pytest.mark.django_db
ADMIN = GroupMembership.Role.ADMIN
MEMBER = GroupMembership.Role.MEMBER


def membership(group, user):
    return GroupMembership.objects.get(group=group, user=user)


def set_role(client, group, member_ship, role):
    url = reverse("network:group_requests", args=[group.slug])
    return client.post(url, {"membership": member_ship.pk, "role": role}, follow=True)


def test_admin_makes_a_member_admin_who_may_then_manage_the_group(
    client, private_group, other_ambassador, group_member
):
    client.force_login(other_ambassador)
    page = client.get(reverse("network:group_requests", args=[private_group.slug]))
    assert "Make group admin" in page.content.decode()
    response = set_role(
        client, private_group, membership(private_group, group_member), ADMIN
    )
    assert "Gun Grupp is now a group admin." in response.content.decode()
    assert membership(private_group, group_member).role == ADMIN
    client.force_login(group_member)
    url = reverse("network:group_requests", args=[private_group.slug])
    assert client.get(url).status_code == 200


def test_the_last_admin_cannot_step_down(client, private_group, other_ambassador):
    client.force_login(other_ambassador)
    own = membership(private_group, other_ambassador)
    response = set_role(client, private_group, own, MEMBER)
    assert "A group needs at least one admin." in response.content.decode()
    assert membership(private_group, other_ambassador).role == ADMIN


def test_an_admin_steps_down_when_another_remains(
    client, private_group, other_ambassador, group_member
):
    GroupMembership.objects.filter(group=private_group, user=group_member).update(
        role=ADMIN
    )
    client.force_login(other_ambassador)
    set_role(client, private_group, membership(private_group, other_ambassador), MEMBER)
    assert membership(private_group, other_ambassador).role == MEMBER
    # No longer an admin: the members page is closed to them now.
    url = reverse("network:group_requests", args=[private_group.slug])
    assert client.get(url).status_code == 403


def test_members_cannot_appoint_themselves(client, private_group, group_member):
    client.force_login(group_member)
    response = set_role(
        client, private_group, membership(private_group, group_member), ADMIN
    )
    assert response.status_code == 403
    assert membership(private_group, group_member).role == MEMBER


def test_an_unknown_role_is_refused(client, private_group, other_ambassador):
    client.force_login(other_ambassador)
    response = set_role(
        client, private_group, membership(private_group, other_ambassador), "owner"
    )
    assert response.status_code == 404
