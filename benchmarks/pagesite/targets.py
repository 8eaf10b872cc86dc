"""Prints, as one JSON object, the addresses bench_pages.py measures on the scale
data: a generated story, video and long thread, facet values that exist, the demo
logins. Run with the site's environment (bench_pages.py does)."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pagesite.settings")


def main():
    import django

    django.setup()
    from django.db.models import Count

    from accounts.demo import logins
    from dela.management.commands.generate_scale_data import SCALE_DOMAIN
    from media.models import VideoPage
    from network.models import Category, Thread
    from stories.models import CaseStoryPage
    from taxonomy.models import ClassifiedPage

    def first(model):
        page = model.objects.live().filter(slug__startswith="scale-").order_by("pk")[0]
        return page.url

    scale_threads = Thread.objects.filter(
        author__email__endswith=f"@{SCALE_DOMAIN}", category__visibility="public"
    )
    long_thread = scale_threads.filter(posts_count__gte=50).order_by("pk")[0]
    reply_thread = scale_threads.exclude(pk=long_thread.pk).order_by("pk")[0]
    category = (
        Category.objects.filter(visibility="public")
        .annotate(n=Count("threads"))
        .order_by("-n")[0]
    )
    # The commonest values of three facets: a realistic, non-empty filter.
    pages = ClassifiedPage.objects.live().filter(slug__startswith="scale-")

    def commonest(field):
        row = (
            pages.values(field)
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list(field, flat=True)
        )
        return row[0]

    facets = {
        "language": commonest("language"),
        "sector": commonest("sector__slug"),
        "competence": commonest("competences__code"),
    }
    print(
        json.dumps(
            {
                "story": first(CaseStoryPage),
                "video": first(VideoPage),
                "category": category.get_absolute_url(),
                "long_thread": long_thread.get_absolute_url(),
                "long_thread_posts": long_thread.posts_count,
                "reply_thread": reply_thread.get_absolute_url(),
                "reply_url": f"/network/t/{reply_thread.pk}/-/reply/",
                "facets": facets,
                "logins": {
                    role: [email, password] for role, email, password in logins()
                },
            }
        )
    )


if __name__ == "__main__":
    main()
