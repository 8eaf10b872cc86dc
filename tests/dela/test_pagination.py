"""`?page=` beyond the end (an old link, content that went away) shows the last page
on every paginated list, never a 404 or an empty page (issue 17): stories, the
catalogue, videos, events (coming and past), the forum (a category's threads and a
thread's posts), the directory, search, notifications, bookmarks, the moderation
queue and log, and the admin's listings and reports. Every list but search pages
with Django's Paginator.get_page (search does the same itself, search/views.py);
the demo's lists are cut to one item a page so each has several pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from accounts.demo import logins
from network.models import Category, Notification, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root():
    """The demo's pictures stay where the session's demo wrote them."""


@pytest.fixture
def one_a_page(monkeypatch):
    """Every Paginator (the site's lists, Wagtail's admin listings) and search's own
    page size cut to one item a page."""
    original = Paginator.__init__

    def one(self, object_list, per_page, *args, **kwargs):
        kwargs["orphans"] = 0
        original(self, object_list, 1, *args, **kwargs)

    monkeypatch.setattr(Paginator, "__init__", one)
    monkeypatch.setattr("search.services.DEFAULT_PAGE_SIZE", 1)


def _user(role):
    email = next(email for name, email, _pw in logins() if name == role)
    return get_user_model().objects.get(email__iexact=email)


CURRENT = re.compile(r'<li aria-current="page">([^<]*)</li>')
WAGTAIL_CURRENT = re.compile(r"Page (\d+) of (\d+)")


def _main(html):
    found = re.search(r"<main\b.*?</main>", html, re.S)
    return found.group(0) if found else html


def _links(html):
    """The page's links, but those back to itself (a sign-in's ?next=)."""
    return [
        link
        for link in re.findall(r'href="([^"]+)"', _main(html))
        if "next=" not in link
    ]


def _last_page(client, url, page_kwarg="page"):
    """The last page's number of the list at `url` and what ?page= far beyond the end
    shows beside what the last page shows (Wagtail's admin listings name it ?p=)."""
    joiner = "&" if "?" in url else "?"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 200, url
    html = first.content.decode()
    numbers = WAGTAIL_CURRENT.search(html)
    assert numbers, f"{url} has one page only: the test could not fail"
    total = int(numbers.group(2))
    assert total > 1, url
    last = client.get(f"{url}{joiner}{page_kwarg}={total}", HTTP_ACCEPT_LANGUAGE="en")
    beyond = client.get(
        f"{url}{joiner}{page_kwarg}={total + 50}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert beyond.status_code == 200, f"{url}: ?page= beyond the end"
    return total, last.content.decode(), beyond.content.decode()


def _site_lists():
    category = (
        Category.objects.filter(visibility="public", threads__isnull=False)
        .order_by("pk")
        .first()
    )
    thread = (
        Thread.objects.filter(category__visibility="public", hidden=False)
        .order_by("-posts_count", "pk")
        .first()
    )
    return {
        "stories": "/stories/",
        "catalogue": "/catalogue/",
        "catalogue, a facet": "/catalogue/?language=sv",
        "videos": "/videos/",
        "events": "/events/",
        "past events": "/events/past/",
        "forum category": category.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "directory": "/ambassadors/",
        "search": "/search/?q=digital",
    }


def test_every_public_list_shows_its_last_page_beyond_the_end(demo, client, one_a_page):
    for name, url in _site_lists().items():
        total, last, beyond = _last_page(client, url)
        assert f"Page {total} of {total}" in beyond, name
        assert _links(beyond) == _links(last), name


def test_the_members_and_moderators_lists_show_their_last_page(
    demo, client, one_a_page
):
    from network import moderation
    from network.models import Flag, Post

    member = _user("ambassador")
    moderator = _user("moderator")
    threads = list(
        Thread.objects.filter(category__visibility="public", hidden=False).order_by(
            "pk"
        )[:3]
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=member,
                actor=thread.author,
                thread=thread,
                kind=Notification.Kind.REPLY,
            )
            for thread in threads
        ]
    )
    for thread in threads:
        moderation.set_thread_state(moderator, thread, moderation.Action.LOCK)
    for post in Post.objects.filter(thread__in=threads).exclude(author=member)[:3]:
        moderation.flag(member, post, Flag.Reason.values[0])
    client.force_login(member)
    total, last, beyond = _last_page(client, "/network/notifications/")
    assert f"Page {total} of {total}" in beyond
    assert _links(beyond) == _links(last)
    client.force_login(moderator)
    for url in ("/network/moderation/", "/network/moderation/log/"):
        total, last, beyond = _last_page(client, url)
        assert f"Page {total} of {total}" in beyond, url
        assert _links(beyond) == _links(last), url


def test_the_admins_listings_and_reports_show_their_last_page(demo, client, one_a_page):
    from search.models import QueryStat
    from search.wagtail_hooks import QueryReportViewSet

    now = timezone.now()
    for number in range(3):
        QueryStat.objects.create(
            query=f"fråga {number}", count=number + 1, last_searched_at=now
        )
    client.force_login(_user("admin"))
    report = reverse(QueryReportViewSet().get_url_name("list"))
    for url in (
        report,
        "/admin/snippets/taxonomy/municipality/",
        "/admin/pages/search/?q=a",
    ):
        total, last, beyond = _last_page(client, url, page_kwarg="p")
        assert f"Page {total} of {total}" in beyond, url
        assert _links(beyond) == _links(last), url
    beyond = client.get(f"{report}?p=99", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "fråga 0" in beyond and "fråga 2" not in beyond  # the least searched
