"""Who may register, cancel and see who comes: events/permissions.py per role."""

import datetime

import pytest
from django.test import Client

from events.permissions import permissions
from events.services import register
from tests.events.event_helpers import make_event

pytestmark = pytest.mark.django_db

# role fixture -> (can register, can see attendees)
EXPECTED = {
    "visitor": (False, False),
    "member": (True, False),
    "ambassador": (True, False),
    "moderator": (True, False),
    "editor": (True, True),
    "admin": (True, True),
}


def test_permissions_per_role(any_role, index):
    name, user = any_role
    event = make_event(capacity=10)
    may_register, may_see = EXPECTED[name]
    assert permissions.can_register(user, event) is may_register
    assert permissions.can_see_attendees(user, event) is may_see
    assert permissions.can_see_all_registrations(user) is may_see


def test_nobody_registers_for_a_closed_event(any_role, index):
    _name, user = any_role
    event = make_event(registration_open=False)
    assert not permissions.can_register(user, event)


def test_contact_person_sees_attendees_of_their_event_only(ambassador, member, index):
    own = make_event(contact=ambassador)
    other = make_event()
    register(own, member)
    assert permissions.can_see_attendees(ambassador, own)
    assert not permissions.can_see_attendees(ambassador, other)
    client = Client()
    client.force_login(ambassador)
    html = client.get(own.url).content.decode()
    assert 'id="attendees-title"' in html
    assert member.public_name in html
    assert 'id="attendees-title"' not in client.get(other.url).content.decode()


@pytest.mark.parametrize("role", ["visitor", "member", "ambassador"])
def test_attendee_names_hidden_from_others(request, role, member, index):
    user = request.getfixturevalue(role)
    event = make_event()
    someone = register(event, member)[0].user
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    html = client.get(event.url).content.decode()
    assert 'id="attendees-title"' not in html
    if role != "member":
        assert someone.public_name not in html


def test_editor_sees_attendees_on_the_page(editor, member, index):
    event = make_event()
    register(event, member)
    client = Client()
    client.force_login(editor)
    html = client.get(event.url).content.decode()
    assert 'id="attendees-title"' in html and member.public_name in html


def test_only_the_owner_cancels_and_only_before_the_start(member, ambassador, index):
    event = make_event(starts_in=datetime.timedelta(days=2))
    registration = register(event, member)[0]
    assert permissions.can_cancel_registration(member, registration)
    assert not permissions.can_cancel_registration(ambassador, registration)
    event.starts_at = event.starts_at - datetime.timedelta(days=3)
    registration.event = event
    assert not permissions.can_cancel_registration(member, registration)


def test_registrations_admin_is_for_editors(any_role, index):
    name, user = any_role
    event = make_event()
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(f"/admin/event_registrations/?event={event.pk}")
    if EXPECTED[name][1]:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
