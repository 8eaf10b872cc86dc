"""What every benchmark script shares: Django set up on a database of its own.

Benchmarks measure speed on real data (`make bench`); unit tests never time anything.
Each script runs as `python benchmarks/bench_<what>.py`, on SQLite in var/bench/ by
default or on the database DATABASE_URL names, and prints its figures.
"""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Set Django up for a benchmark (dev settings, a database of its own)."""
    for path in (str(ROOT), str(ROOT / "site")):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dela.settings.dev")
    os.environ.setdefault("DELA_VAR_DIR", str(ROOT / "var" / "bench"))
    Path(os.environ["DELA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def percentile(values, fraction):
    """The value below which `fraction` (0..1) of `values` lie."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def report(name, seconds):
    """Print p50/p95/max of a list of timings in milliseconds."""
    ms = [s * 1000 for s in seconds]
    print(
        f"{name}: n={len(ms)} p50={statistics.median(ms):.1f} ms "
        f"p95={percentile(ms, 0.95):.1f} ms max={max(ms):.1f} ms"
    )
