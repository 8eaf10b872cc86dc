from django.core.management.base import BaseCommand

from search.backends import get_backend
from search.evaluation import evaluate, load_set


class Command(BaseCommand):
    help = (
        "Print recall@10 and MRR per query class of the labelled Nordic evaluation "
        "set (tests/search/nordic_eval.json) on the configured backend. Run "
        "load_demo and rebuild_search first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--set", dest="path", help="Another evaluation set (JSON).")
        parser.add_argument("--verbose-misses", action="store_true")

    def handle(self, *args, **options):
        backend = get_backend()
        summary, rows = evaluate(backend, load_set(options["path"]))
        self.stdout.write(f"Backend: {backend.name}")
        self.stdout.write(f"{'class':<16}{'queries':>8}{'recall@10':>11}{'MRR':>7}")
        for name in sorted(summary, key=lambda n: (n == "all", n)):
            row = summary[name]
            self.stdout.write(
                f"{name:<16}{row['queries']:>8}{row['recall']:>11.2f}{row['mrr']:>7.2f}"
            )
        if options["verbose_misses"]:
            for case, recall, _mrr, titles in rows:
                if recall < 1:
                    self.stdout.write(f"miss {case['q']!r}: {recall:.2f} {titles[:5]}")
