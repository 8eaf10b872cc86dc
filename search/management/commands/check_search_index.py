from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends import SearchUnavailable, all_backends


class Command(BaseCommand):
    help = (
        "Report search index drift on every backend (the database's index, and the "
        "search engine's when SEARCH_ENGINE_URL is set): documents missing, stale ones "
        "(changed since indexed) and ones that should be gone. Exit status 1 when "
        "there is drift or the engine does not answer; `rebuild_search` repairs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=20)

    def handle(self, *args, **options):
        limit = options["limit"]
        problems = []
        for backend in all_backends():
            try:
                missing, stale, extra = indexing.drift(backend)
            except SearchUnavailable as exc:
                self.stderr.write(f"{backend.name}: unreachable ({exc})")
                problems.append(backend.name)
                continue
            for label, ids in (
                ("missing", missing),
                ("stale", stale),
                ("extra", extra),
            ):
                self.stdout.write(f"{backend.name} {label}: {len(ids)}")
                for doc_id in ids[:limit]:
                    self.stdout.write(f"  {doc_id}")
            if missing or stale or extra:
                problems.append(backend.name)
        if problems:
            raise CommandError(
                f"The search index has drifted ({', '.join(problems)}): "
                "run rebuild_search."
            )
        self.stdout.write(self.style.SUCCESS("The search index is up to date."))
