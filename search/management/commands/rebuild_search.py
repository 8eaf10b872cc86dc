import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from search import indexing
from search.backends import SearchUnavailable, all_backends


class Progress:
    """A one-line progress bar on a terminal, a line per 10% otherwise."""

    def __init__(self, stdout, total, label):
        self.stdout, self.total, self.label = stdout, max(total, 1), label
        self.tty = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
        self.shown = -1

    def __call__(self, done):
        percent = min(100, done * 100 // self.total)
        if percent == self.shown or (not self.tty and percent % 10):
            return
        self.shown = percent
        bar = "#" * (percent // 4)
        line = f"{self.label}: [{bar:<25}] {percent:3d}% ({done}/{self.total})"
        self.stdout.write(("\r" + line) if self.tty else line, ending="")
        if not self.tty:
            self.stdout.write("")

    def finish(self):
        if self.tty:
            self.stdout.write("")


class Command(BaseCommand):
    help = (
        "Rebuild Dela's search index (every registered type, on the database backend "
        "and the search engine when SEARCH_ENGINE_URL is set) and Wagtail's admin "
        "search index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-wagtail",
            action="store_true",
            help="Do not rebuild Wagtail's own index (the admin's search).",
        )

    def handle(self, *args, **options):
        total = indexing.count_objects()
        for backend in all_backends():
            progress = Progress(self.stdout, total, backend.name)
            try:
                count = indexing.rebuild(progress=progress, backends=[backend])
            except SearchUnavailable as exc:
                progress.finish()
                self.stderr.write(f"{backend.name}: unreachable ({exc}); skipped.")
                continue
            progress.finish()
            self.stdout.write(f"{backend.name}: {count} documents indexed.")
        if not options["skip_wagtail"]:
            call_command("update_index", verbosity=0, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
