"""Relevance evaluation: recall@10, MRR and nDCG@10 per class of a labelled query set.

Each case names its query, its class and the titles of the items a searcher wants
(all equally relevant). recall@10: the share of them in the first ten hits (of ten,
when more are wanted); MRR: one
over the rank of the first of them (0 beyond the ten); nDCG@10: the ten hits' gain
(1 for a wanted item, discounted by log2 of its rank + 1) over the best possible
order's, so it also says whether the wanted items come before the others.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from .backends import SearchRequest

DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests/search/nordic_eval.json"
METRICS = ("recall", "mrr", "ndcg")


def load_set(path=None):
    return json.loads(Path(path or DEFAULT_SET).read_text(encoding="utf-8"))


def ndcg(titles, relevant, k=10):
    """nDCG@k of ``titles`` (in rank order) with binary gains for ``relevant``."""
    seen = set()
    gain = 0.0
    for rank, title in enumerate(titles[:k], 1):
        if title in relevant and title not in seen:
            seen.add(title)
            gain += 1 / math.log2(rank + 1)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return gain / ideal if ideal else 1.0


def evaluate(backend, cases, k=10):
    """({class: {"recall", "mrr", "ndcg", "queries"}} plus "all", per-query rows
    (case, recall, reciprocal rank, titles))."""
    by_class = defaultdict(list)
    rows = []
    for case in cases:
        results = backend.search(SearchRequest(text=case["q"], page_size=k))
        titles = [hit.title for hit in results.hits]
        relevant = set(case["relevant"])
        found = [t for t in titles if t in relevant]
        # Out of as many as ten hits can hold (a query may have more wanted items).
        recall = len(set(found)) / min(len(relevant), k) if relevant else 1.0
        rank = next((i for i, t in enumerate(titles, 1) if t in relevant), None)
        reciprocal = 1 / rank if rank else 0.0
        values = (recall, reciprocal, ndcg(titles, relevant, k))
        by_class[case["class"]].append(values)
        by_class["all"].append(values)
        rows.append((case, recall, reciprocal, titles))
    summary = {}
    for name, values in by_class.items():
        summary[name] = {
            metric: sum(v[i] for v in values) / len(values)
            for i, metric in enumerate(METRICS)
        }
        summary[name]["queries"] = len(values)
    return summary, rows


def table(summary):
    """The summary as lines of text, one class a line, "all" last."""
    lines = [f"{'class':<16}{'queries':>8}{'recall@10':>11}{'MRR':>7}{'nDCG@10':>9}"]
    for name in sorted(summary, key=lambda n: (n == "all", n)):
        row = summary[name]
        lines.append(
            f"{name:<16}{row['queries']:>8}{row['recall']:>11.2f}{row['mrr']:>7.2f}"
            f"{row['ndcg']:>9.2f}"
        )
    return lines
