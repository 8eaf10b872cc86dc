"""p50/p95 latency of /api/search/ with facets at 100,000 indexed documents, on the
database backend and, beside it on the same documents, on the search engine.

Usage (SQLite, or PostgreSQL with DATABASE_URL set; the engine at SEARCH_ENGINE_URL or
the node `make bench` starts, DELA_TEST_SEARCH_ENGINE_URL):
    DELA_VAR_DIR=var/bench .venv/bin/python benchmarks/bench_search.py [--documents N]

Indexes synthetic Nordic documents into the database backend of the configured
database (in its own tables: run it against a throwaway database) and into the
engine's index "dela-bench", then times the same requests through Django's test
client with facets and filters on each.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dela.settings.dev")
os.environ.setdefault("DELA_VAR_DIR", str(ROOT / "var" / "bench"))

WORDS = {
    "sv": "välfärdsteknik hemtjänsten digitaliseringsombud kommunerna medarbetare "
    "surfplattor biblioteket äldreomsorg kompetensutveckling invånare strategi".split(),
    "nb": "velferdsteknologi hjemmetjenesten kommunene ansatte nettbrett biblioteket "
    "eldreomsorg kompetanseheving innbyggere strategi".split(),
    "da": "velfærdsteknologi hjemmeplejen kommunerne medarbejdere borgere "
    "biblioteket ældreomsorg kompetenceudvikling skærmbesøg strategi".split(),
}
QUERIES = [
    "välfärdsteknik",
    "hemtjanst",
    "ombud",
    "velferdsteknolgi",
    "äldre",
    "kompetens biblioteket",
    "welfare technology",
    "strategi",
]


def documents(n):
    """Synthetic documents like real ones: two topics of domain words each (so a
    topic's words are in about one document in twenty), the rest filler words from a
    large vocabulary, a municipality of 300 and a year."""
    from search.registry import SearchDocument

    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ne", "sto", "rup", "vik", "ham", "berg", "dal"]
    filler = sorted(
        {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(20_000)}
    )
    municipalities = [f"kommun-{i}" for i in range(300)]
    for i in range(n):
        language = rng.choice(list(WORDS))
        words = WORDS[language]
        topics = rng.sample(range(len(words)), 2)
        topic_words = [words[t] for t in topics]
        body = rng.choices(filler, k=110) + topic_words * 5
        rng.shuffle(body)
        municipality = rng.choice(municipalities)
        yield SearchDocument(
            type=rng.choice(["story", "entry", "event", "video", "thread"]),
            key=str(i),
            title=" ".join([*topic_words, *rng.sample(filler, 2)]),
            url=f"/bench/{i}/",
            language=language,
            summary=" ".join(rng.sample(filler, 15) + topic_words),
            text=" ".join(body),
            tags=topic_words,
            municipalities=[municipality],
            facets={
                "municipality": [municipality],
                "year": [str(rng.randint(2015, 2026))],
            },
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    from search.backends.database import DatabaseBackend

    call_command("migrate", verbosity=0)
    backend = DatabaseBackend()
    from search.models import IndexEntry

    if (
        IndexEntry.objects.filter(doc_id__startswith="story:").count()
        < args.documents // 10
    ):
        start = time.perf_counter()
        backend.rebuild(documents(args.documents))
        print(
            f"indexed {args.documents} documents in {time.perf_counter() - start:.0f} s"
        )
    analyse()
    timed("database", args)
    engine_url = os.environ.get("SEARCH_ENGINE_URL") or os.environ.get(
        "DELA_TEST_SEARCH_ENGINE_URL"
    )
    if not engine_url:
        print("search engine: none configured (SEARCH_ENGINE_URL), not measured")
        return
    from django.test import override_settings

    from search.backends import _cache
    from search.backends.engine import EngineBackend

    engine = EngineBackend(url=engine_url, index="dela-bench")
    print(f"search engine: {engine.info().label} at {engine_url}")
    indexed = len(engine.indexed_checksums()) if engine.is_available() else 0
    if indexed != args.documents:
        start = time.perf_counter()
        engine.rebuild(documents(args.documents))
        print(
            f"indexed {args.documents} documents into {engine.name} in "
            f"{time.perf_counter() - start:.0f} s"
        )
    with override_settings(
        SEARCH_ENGINE_URL=engine_url, SEARCH_ENGINE_INDEX="dela-bench"
    ):
        _cache.clear()
        timed(engine.name, args)
    _cache.clear()


def analyse():
    """Planner statistics for the index tables, as a live site has them (PostgreSQL's
    autovacuum analyses a bulk load only later; SQLite never does by itself): without
    them PostgreSQL misjudged the language filter by seconds."""
    from django.db import connection

    tables = [
        "dela_search_indexentry",
        "dela_search_indexmatch",
        "dela_search_indexfacet",
        "dela_search_indexword",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def timed(label, args):
    """The same requests (same seed) on the configured backend; prints the figures."""
    from django.test import Client

    client = Client()
    rng = random.Random(1)
    timings = []
    backends = set()
    for _ in range(args.requests):
        params = {"q": rng.choice(QUERIES)}
        if rng.random() < 0.3:
            params["language"] = rng.choice(list(WORDS))
        start = time.perf_counter()
        response = client.get("/api/search/", params, HTTP_HOST="127.0.0.1")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content
        backends.add(response.json()["backend"])
    assert backends == {label}, f"answered by {backends}, not {label}"
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{label}: /api/search/ with facets, {args.documents} documents, "
        f"{args.requests} requests: median {statistics.median(timings):.0f} ms, "
        f"p95 {p95:.0f} ms"
    )


if __name__ == "__main__":
    main()
