"""One login for everyone: allauth's (confirmed addresses, failed-login limits).
Wagtail's own login forms (the admin's and the front end's for private pages) and its
password and e-mail forms lead there or are gone; someone signed in whom a private
page or document does not admit gets a 404, not a login page that sends them back."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from tests.accounts.test_accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_wagtails_front_end_login_leads_to_the_one_login(client):
    response = client.get("/_util/login/?next=/om/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/om/"


def test_the_admins_login_sends_visitors_to_the_one_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


def test_someone_signed_in_without_the_admin_is_told_not_allowed(client, member):
    client.force_login(member)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode() or "Inte tillåtet" in (
        response.content.decode()
    )


def test_an_unconfirmed_address_cannot_sign_in_through_the_admins_form(client):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    person = UserFactory(email="ny@example.org", password=PASSWORD)
    EmailAddress.objects.filter(user=person).update(verified=False)
    client.post("/admin/login/", {"username": person.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "address",
    [
        "/admin/password_reset/",
        "/admin/password_reset/done/",
    ],
)
def test_wagtails_own_password_reset_is_gone(client, address):
    assert client.get(address).status_code == 404


def test_a_page_for_the_editors_is_a_404_for_other_members(client, member, editor):
    home = Page.objects.get(depth=2)
    page = home.add_child(instance=StandardPage(title="Redaktionens sida", slug="red"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])

    visitor = client.get(page.url)
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/?next=")
    client.force_login(member)
    assert client.get(page.url).status_code == 404
    client.force_login(editor)
    assert client.get(page.url).status_code == 200
