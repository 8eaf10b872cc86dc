"""Relevance on the whole demo (the catalogue, stories, events, videos, the network's
threads and people competing for the top ten) and indexing on change."""

import io

import pytest
from django.core.management.color import no_style

from search.backends.database import DatabaseBackend
from search.evaluation import evaluate, load_set, table

# Per class: recall@10 and MRR at least these (issue 16: MRR >= 0.8 and recall@10 >=
# 0.95 in every class), on each database and on the live engine. A class's mean is
# compared with a little room for the float sum (0.95 is 7.6 of 8 queries).
RECALL = {
    "inflection": 0.95,
    "compounds": 0.95,
    "folding": 0.95,
    "cross-language": 0.95,
    "typos": 0.95,
    "phrases": 0.95,
}
MRR = 0.8
ROUNDING = 1e-9


def load_cms_demo():
    import importlib

    for name in ("taxonomy", "accounts", "home", "stories", "catalogue", "events"):
        importlib.import_module(f"{name}.demo").load(io.StringIO(), no_style())


@pytest.fixture
def whole_demo(demo):
    """The session's shared demo, the database index built (see conftest.py)."""


def _check(summary, name):
    print(f"\n{name}, whole demo:\n" + "\n".join(table(summary)))
    assert len(load_set()) >= 40
    for label, target in RECALL.items():
        assert summary[label]["recall"] >= target - ROUNDING, (label, summary[label])
        assert summary[label]["mrr"] >= MRR, (label, summary[label])


@pytest.mark.django_db
def test_evaluation_targets_on_the_database_backend(whole_demo):
    from django.db import connection

    summary, rows = evaluate(DatabaseBackend(), load_set())
    for case, recall, reciprocal, titles in rows:
        if recall < 1 or reciprocal < 1:
            print("  below:", case["class"], case["q"], "->", titles[:3])
    _check(summary, f"database ({connection.vendor})")


@pytest.mark.engine
@pytest.mark.django_db
def test_evaluation_on_the_engine_matches_the_database_backend(whole_demo, make_engine):
    """The same labelled Nordic queries on the live node: the same targets as on the
    database backend, and each class's recall@10 within 0.05 of the database
    backend's (or better); MRR and nDCG@10 printed beside. (The engine's BM25 favours
    short documents, so people whose profile names "welfare technology" take one of
    its ten places.)"""
    from search import indexing

    engine = make_engine()
    engine.rebuild(indexing.all_documents())
    cases = load_set()
    on_database, _ = evaluate(DatabaseBackend(), cases)
    on_engine, rows = evaluate(engine, cases)
    for case, recall, _mrr, titles in rows:
        if recall < 1:
            print("  missed:", case["class"], case["q"], "->", titles[:3])
    _check(on_engine, engine.name)
    for name in RECALL:
        assert on_engine[name]["recall"] >= on_database[name]["recall"] - 0.05, name


@pytest.mark.django_db
def test_indexing_follows_publish_and_unpublish(
    whole_demo, django_capture_on_commit_callbacks
):
    from search import indexing
    from stories.models import CaseStoryPage

    backend = DatabaseBackend()
    story = CaseStoryPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert f"story:{story.pk}" not in backend.indexed_checksums()
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Zebrafinkar i Laholm"
        story.save_revision().publish()
    from search.backends import SearchRequest

    results = backend.search(SearchRequest(text="zebrafink"))
    assert [hit.title for hit in results.hits] == ["Zebrafinkar i Laholm"]
    assert indexing.drift(backend) == ([], [], [])

    # Members only: a view restriction takes the story out of the index.
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.LOGIN
        )
    assert backend.search(SearchRequest(text="zebrafink")).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert backend.search(SearchRequest(text="zebrafink")).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    assert backend.search(SearchRequest(text="zebrafink")).total == 0


@pytest.mark.django_db
def test_drafts_are_never_found(whole_demo, client):
    from stories.models import CaseStoryPage

    drafts = list(CaseStoryPage.objects.filter(live=False))
    assert drafts, "the demo has stories waiting for review"
    for draft in drafts:
        word = draft.title.split()[0]
        data = client.get("/api/search/", {"q": word}).json()
        assert draft.title not in str(data)
        page = client.get("/search/", {"q": draft.title}).content.decode()
        assert f"/{draft.slug}/" not in page


TAXONOMY_QUERIES = ["äldreomsorg", "eldreomsorg", "aldreomsorg", "ældrepleje"]


@pytest.mark.django_db
def test_a_query_naming_a_sector_finds_what_is_classified_with_it(whole_demo):
    """Nine demo items sit in the elderly-care sector; before, these four queries found
    none (or only the Danish ones): no text says the sector's name. The names come
    from the taxonomy, in every language it names the sector."""
    from search.backends import SearchRequest
    from taxonomy.models import ClassifiedPage

    backend = DatabaseBackend()
    classified = {
        page.title
        for page in ClassifiedPage.objects.live()
        .filter(sector__slug="elderly-care")
        .specific()
        if not getattr(page, "retired", False)
    }
    assert len(classified) >= 5
    for query in [*TAXONOMY_QUERIES, "elderly care"]:
        results = backend.search(SearchRequest(text=query, page_size=50))
        titles = {hit.title for hit in results.hits}
        assert classified <= titles, (query, classified - titles)
    # Not a flood: a sector query finds little beyond what the sector holds (items
    # that say the word in their text, and threads or people do not come in by it).
    results = backend.search(SearchRequest(text="äldreomsorg", page_size=100))
    assert results.total <= len(classified) * 2
