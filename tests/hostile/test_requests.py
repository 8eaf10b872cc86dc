"""Requests that change something (issue 13): each needs the CSRF token, no view is
exempt from that check, no `next` parameter sends anyone to another site, a login
starts a new session, and what someone typed cannot add a header to an e-mail."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from network import services
from tests.hostile.pages import site_forms
from tests.network.network_factories import make_category, make_thread

pytestmark = pytest.mark.django_db

# Views Django's CSRF check may skip, with the reason they may.
CSRF_EXEMPT = {
    # Wagtail's API (Django REST framework): GET only, no state to change.
    "wagtailapi:",
    # The admin's API (Django REST framework too): its session authentication checks
    # the token itself on every unsafe method (tested below).
    "wagtailadmin_api:",
}


def _views(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from _views(entry.url_patterns, prefix + namespace)
        elif isinstance(entry, URLPattern):
            yield f"{prefix}{entry.name or entry.pattern}", entry.callback


def test_no_view_is_exempt_from_the_csrf_check():
    views = list(_views(get_resolver().url_patterns))
    assert len(views) > 300  # the admin's, the site's, the network's
    exempt = [
        name
        for name, view in views
        if getattr(view, "csrf_exempt", False)
        and not name.startswith(tuple(CSRF_EXEMPT))
    ]
    assert exempt == []


@pytest.mark.parametrize("role", ["visitor", "ambassador", "moderator"])
def test_every_form_that_changes_something_needs_the_token(world, role):
    """The forms found on the site's pages, sent as a browser would but without the
    token another site cannot read: refused, nothing done."""
    browser = Client(enforce_csrf_checks=True)
    if world[role] is not None:
        browser.force_login(world[role])
    forms = site_forms(browser, world["pages"])
    posts = [
        (action, fields)
        for (action, method), fields in forms.items()
        if method == "post"
    ]
    assert len(posts) >= (3 if role == "visitor" else 8), sorted(forms)
    accepted = []
    for action, fields in posts:
        data = {name: "x" for name in fields if name != "csrfmiddlewaretoken"}
        response = browser.post(action, data)
        if response.status_code != 403:
            accepted.append(f"{action}: {response.status_code}")
    assert accepted == []


def test_the_admin_api_checks_the_token_itself(editor):
    from wagtail.models import Page

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    home = Page.objects.get(depth=2)
    response = browser.post(
        f"/admin/api/main/pages/{home.pk}/action/copy/",
        {"destination_page_id": home.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
]


def _goes_off_site(response):
    location = response.get("Location", "")
    return response.status_code in (301, 302, 303, 307, 308) and (
        "evil.example" in location or location.lower().startswith("javascript:")
    )


@pytest.mark.parametrize("target", OFF_SITE)
def test_no_next_parameter_leads_to_another_site(client, member, target):
    from tests.accounts.test_accounts import PASSWORD

    category = make_category()
    login = client.post(
        "/accounts/login/?next=" + target,
        {"login": member.email, "password": PASSWORD, "next": target},
    )
    assert not _goes_off_site(login), login.get("Location")
    client.force_login(member)
    responses = [
        client.post("/i18n/setlang/", {"language": "da", "next": target}),
        client.post(
            f"/network/watch/category/{category.pk}/", {"watching": "1", "next": target}
        ),
        client.post("/accounts/logout/", {"next": target}),
    ]
    for response in responses:
        assert not _goes_off_site(response), response.get("Location")


def test_a_login_starts_a_new_session(client, member):
    from tests.accounts.test_accounts import PASSWORD

    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    assert client.session.session_key != before


def test_a_line_break_in_a_title_cannot_add_an_email_header(
    ambassador, member, django_capture_on_commit_callbacks
):
    """Thread titles and display names go into subjects: one line, no Bcc."""
    from network.models import NotificationPreference

    member.display_name = "Anna\r\nBcc: victim@example.org"
    member.save()
    preference = NotificationPreference(user=ambassador, email_mode="each")
    preference.record_consent(True, "E-post för varje avisering", via="test")
    preference.save()
    thread = make_thread(ambassador, make_category(), title="Hej\nCc: x@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(member, thread, "Ett svar.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == [] and message.cc == []
    assert message.to == [ambassador.email]
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "Bcc" not in headers and "Cc:" not in headers


def test_a_change_of_roles_gives_the_session_a_new_key(client, member, editor):
    """Made an ambassador by an editor (or made an admin), the member's next request
    carries a new session key, still signed in, as a login would give."""
    from accounts.roles import Role, grant_role

    client.force_login(member)
    client.get("/accounts/profile/")
    before = client.session.session_key
    client.get("/accounts/profile/")
    assert client.session.session_key == before  # nothing changed: same key

    grant_role(type(member).objects.get(pk=member.pk), Role.AMBASSADOR)
    assert client.get("/accounts/profile/").status_code == 200
    after_role = client.session.session_key
    assert after_role != before

    promoted = type(member).objects.get(pk=member.pk)
    promoted.is_superuser = True
    promoted.save()
    assert client.get("/accounts/profile/").status_code == 200
    assert client.session.session_key != after_role


def test_someone_added_to_a_group_from_the_groups_side_is_counted(member):
    from django.contrib.auth.models import Group

    version = member.roles_version
    Group.objects.get(name="Editors").user_set.add(member)
    member.refresh_from_db()
    assert member.roles_version == version + 1
