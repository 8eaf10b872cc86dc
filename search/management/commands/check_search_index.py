from django.core.management.base import BaseCommand, CommandError

from search import indexing


class Command(BaseCommand):
    help = (
        "Report search index drift: documents missing from the database backend's "
        "index, stale ones (changed since indexed) and ones that should be gone. "
        "Exit status 1 when there is drift; `rebuild_search` repairs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=20)

    def handle(self, *args, **options):
        missing, stale, extra = indexing.drift()
        limit = options["limit"]
        for label, ids in (("missing", missing), ("stale", stale), ("extra", extra)):
            self.stdout.write(f"{label}: {len(ids)}")
            for doc_id in ids[:limit]:
                self.stdout.write(f"  {doc_id}")
        if missing or stale or extra:
            raise CommandError("The search index has drifted: run rebuild_search.")
        self.stdout.write(self.style.SUCCESS("The search index is up to date."))
