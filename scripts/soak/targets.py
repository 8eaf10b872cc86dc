"""Prints, as one JSON object, what the soak's visitors ask for on a freshly loaded
demo: pages anyone may read, the demo logins, and per login the threads it may read
and reply to. Run with the site's environment (the soak does):

    .venv/bin/python scripts/soak/targets.py
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dela.settings.production")


def main():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from wagtail.models import Page

    from accounts.demo import logins
    from catalogue.models import CatalogueEntryPage
    from events.models import EventPage
    from media.models import VideoPage
    from network.models import Thread
    from network.permissions import network_permissions as perms
    from stories.models import CaseStoryPage

    def public_urls(model, limit=12):
        pages = model.objects.live().public().order_by("pk")[:limit]
        return [page.url for page in pages if page.url]

    threads = list(
        Thread.objects.filter(deleted_on__isnull=True, merged_into__isnull=True)
        .select_related("category", "group")
        .order_by("pk")
    )
    anonymous = AnonymousUser()
    users = {}
    User = get_user_model()
    for role, email, password in logins():
        user = User.objects.get(email__iexact=email)
        users[email] = {
            "role": role,
            "password": password,
            "read": [
                t.get_absolute_url() for t in threads if perms.can_read_thread(user, t)
            ],
            "reply": [
                t.get_absolute_url() for t in threads if perms.can_reply(user, t)
            ],
            "moderator": perms.can_moderate_network(user),
        }
    result = {
        "stories": public_urls(CaseStoryPage),
        "catalogue": public_urls(CatalogueEntryPage),
        "events": public_urls(EventPage, 5),
        "videos": public_urls(VideoPage, 5),
        "threads": [
            t.get_absolute_url() for t in threads if perms.can_read_thread(anonymous, t)
        ],
        "logins": users,
        "pages": Page.objects.live().count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
