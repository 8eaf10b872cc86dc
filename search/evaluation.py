"""Relevance evaluation: recall@10 and MRR per class of a labelled query set."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from .backends import SearchRequest

DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests/search/nordic_eval.json"


def load_set(path=None):
    return json.loads(Path(path or DEFAULT_SET).read_text(encoding="utf-8"))


def evaluate(backend, cases, k=10):
    """{class: {"recall": r, "mrr": m, "queries": n}} plus "all"; and per-query rows."""
    by_class = defaultdict(list)
    rows = []
    for case in cases:
        results = backend.search(SearchRequest(text=case["q"], page_size=k))
        titles = [hit.title for hit in results.hits]
        relevant = set(case["relevant"])
        found = [t for t in titles if t in relevant]
        recall = len(set(found)) / len(relevant) if relevant else 1.0
        rank = next((i for i, t in enumerate(titles, 1) if t in relevant), None)
        reciprocal = 1 / rank if rank else 0.0
        by_class[case["class"]].append((recall, reciprocal))
        by_class["all"].append((recall, reciprocal))
        rows.append((case, recall, reciprocal, titles))
    summary = {
        name: {
            "recall": sum(r for r, _ in values) / len(values),
            "mrr": sum(m for _, m in values) / len(values),
            "queries": len(values),
        }
        for name, values in by_class.items()
    }
    return summary, rows
