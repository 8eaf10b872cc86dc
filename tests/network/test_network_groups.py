"""Groups: join a public one, ask to join a private one, admins decide and invite."""

import pytest
from django.urls import reverse

from network import services
from network.models import GroupMembership, JoinRequest, Notification, Thread

pytestmark = pytest.mark.django_db


def test_join_a_public_group_and_start_a_thread(client, public_group, member):
    client.force_login(member)
    url = reverse("network:new_thread_group", args=[public_group.slug])
    assert client.get(url).status_code == 403  # not a member yet
    client.post(reverse("network:join_group", args=[public_group.slug]))
    assert GroupMembership.objects.filter(group=public_group, user=member).exists()
    public_group.refresh_from_db()
    assert public_group.members_count == 2
    response = client.post(
        url, {"title": "Träff i Falkenberg", "body": "Vem kommer?", "language": "sv"}
    )
    assert response.status_code == 302
    assert Thread.objects.get(title="Träff i Falkenberg").group == public_group
    client.post(reverse("network:leave_group", args=[public_group.slug]))
    assert not GroupMembership.objects.filter(group=public_group, user=member).exists()


def test_private_group_request_and_decision(
    client, private_group, private_thread, member, other_ambassador
):
    client.force_login(member)
    assert client.get(private_thread.get_absolute_url()).status_code == 404
    page = client.get(reverse("network:group", args=[private_group.slug]))
    assert "private group" in page.content.decode()
    assert private_thread.title not in page.content.decode()
    client.post(
        reverse("network:join_group", args=[private_group.slug]),
        {"message": "Jag vill vara med"},
    )
    request = JoinRequest.objects.get(group=private_group, user=member)
    assert request.status == "pending"
    assert Notification.objects.filter(
        recipient=other_ambassador, kind="group"
    ).exists()
    client.post(reverse("network:join_group", args=[private_group.slug]))
    assert JoinRequest.objects.filter(group=private_group, user=member).count() == 1

    client.force_login(member)
    url = reverse("network:group_requests", args=[private_group.slug])
    assert client.get(url).status_code == 403
    client.force_login(other_ambassador)
    client.post(url, {"request": request.pk, "decision": "accept"})
    again = client.post(
        url, {"request": request.pk, "decision": "decline"}, follow=True
    )
    assert "already answered" in again.content.decode()
    assert GroupMembership.objects.filter(group=private_group, user=member).exists()
    client.force_login(member)
    assert client.get(private_thread.get_absolute_url()).status_code == 200


def test_invitation(client, private_group, ambassador, other_ambassador):
    handle = services.profile_of(ambassador).handle
    client.force_login(other_ambassador)
    url = reverse("network:group_requests", args=[private_group.slug])
    client.post(url, {"invite": f"@{handle}"})
    assert JoinRequest.objects.filter(user=ambassador, kind="invite").exists()
    missing = client.post(url, {"invite": "@nobody-here"}, follow=True)
    assert "Nobody has the name" in missing.content.decode()
    client.force_login(ambassador)
    client.post(reverse("network:join_group", args=[private_group.slug]))
    assert GroupMembership.objects.filter(group=private_group, user=ambassador).exists()


def test_editors_create_places_in_the_admin(client, editor, member):
    client.force_login(editor)
    response = client.get("/admin/snippets/network/category/add/")
    assert response.status_code == 200
    response = client.post(
        "/admin/snippets/network/category/add/",
        {
            "name": "Skola",
            "slug": "skola",
            "description": "",
            "visibility": "public",
            "position": "3",
        },
    )
    assert response.status_code == 302
    from network.models import Category

    assert Category.objects.filter(slug="skola").exists()
    client.force_login(member)
    assert client.get("/admin/snippets/network/group/").status_code == 302
