from django.core.management.base import BaseCommand

from search.backends import get_backend
from search.evaluation import evaluate, load_set, table


class Command(BaseCommand):
    help = (
        "Print recall@10, MRR and nDCG@10 per query class of the labelled Nordic "
        "evaluation set (tests/search/nordic_eval.json) on the configured backend. Run "
        "load_demo and rebuild_search first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--set", dest="path", help="Another evaluation set (JSON).")
        parser.add_argument("--verbose-misses", action="store_true")

    def handle(self, *args, **options):
        backend = get_backend()
        summary, rows = evaluate(backend, load_set(options["path"]))
        self.stdout.write(f"Backend: {backend.name}")
        for line in table(summary):
            self.stdout.write(line)
        if options["verbose_misses"]:
            for case, recall, reciprocal, titles in rows:
                if recall < 1 or reciprocal < 1:
                    self.stdout.write(
                        f"miss {case['class']} {case['q']!r}: recall {recall:.2f}, "
                        f"first at {round(1 / reciprocal) if reciprocal else '-'}: "
                        f"{titles[:5]}"
                    )
