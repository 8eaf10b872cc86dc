"""Roles match what the code checks: every item of the Wagtail admin's menu that a role
is shown opens for that role, and the admin pages the README promises editors open."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def menu_urls(client):
    """Every URL in the admin's sidebar menu as the signed-in user gets it."""
    page = client.get("/admin/").content.decode()
    found = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    assert found, "no sidebar in the admin"
    urls = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "url" and isinstance(value, str) and value.startswith("/"):
                    urls.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(found.group(1)))
    return sorted(urls)


def refusal(client, url):
    """None when ``url`` opens (after its own redirects, e.g. a setting to its site),
    else what happened: a status, or where the admin sent the user instead (Wagtail
    sends someone without the permission back to the dashboard)."""
    response = client.get(url, follow=True)
    if response.status_code != 200:
        return response.status_code
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    if not final.startswith(url):
        return f"sent to {final}"
    return None


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_every_menu_item_opens_for_the_role(role, request, client):
    client.force_login(request.getfixturevalue(role))
    urls = menu_urls(client)
    assert len(urls) > 8
    refused = {url: refusal(client, url) for url in urls}
    refused = {url: why for url, why in refused.items() if why}
    assert not refused, f"{role} is shown these but may not open them: {refused}"


EDITOR_PAGES = [
    "/admin/searchpicks/",
    "/admin/searchpicks/add/",
    "/admin/settings/home/footersettings/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/media/",
]


def test_editors_curate_what_the_readme_promises(client, editor):
    client.force_login(editor)
    for url in EDITOR_PAGES:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert (
            "/admin/login/" not in response.redirect_chain[-1][0]
            if (response.redirect_chain)
            else True
        ), url


@pytest.mark.parametrize("role", ["member", "ambassador", "moderator"])
def test_roles_without_the_admin_are_sent_away(role, request, client):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == 302
