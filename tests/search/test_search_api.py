import pytest

from search.backends.database import DatabaseBackend
from tests.search.test_search_backends import HOSTILE, documents

pytestmark = pytest.mark.search_drift(
    "indexes synthetic documents, not the site's content"
)


@pytest.fixture
def indexed(db):
    DatabaseBackend().rebuild(documents())


API_KEYS = {"query", "total", "page", "backend", "results", "facets", "suggestion"}
RESULT_KEYS = {"type", "title", "url", "language", "municipality", "tags", "snippet"}


def test_api_contract(client, indexed):
    response = client.get("/api/search/", {"q": "välfärdsteknik", "page_size": 1})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == API_KEYS
    assert data["backend"] == "database" and data["page"] == 1 and data["total"] == 2
    assert len(data["results"]) == 1
    assert set(data["results"][0]) == RESULT_KEYS
    assert set(data["facets"]) == {"type", "tag", "municipality", "language"}
    assert data["facets"]["language"] == {"sv": 1, "nb": 1}
    second = client.get(
        "/api/search/", {"q": "välfärdsteknik", "page_size": 1, "page": 2}
    ).json()
    assert second["results"][0]["title"] != data["results"][0]["title"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "type": "nope"},
        {"q": "x", "page": "0"},
        {"q": "x", "page": "abc"},
        {"q": "x", "page_size": "101"},
        {"q": "x", "page_size": "ten"},
        {"q": "x", "language": "xx"},
        {"q": "x", "tag": "a" * 500},
        {"q": "x", "municipality": "<script>"},
    ],
)
def test_api_bad_parameters_are_json_400(client, indexed, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_parameters"


def test_api_filters_and_leaks(client, indexed, member):
    data = client.get("/api/search/", {"q": "välfärdsteknik", "type": "entry"})
    assert [r["type"] for r in data.json()["results"]] == ["entry"]
    # "catalogue", search's old name for practice entries, is read as "entry".
    old = client.get("/api/search/", {"q": "välfärdsteknik", "type": "catalogue"})
    assert old.json()["results"] == data.json()["results"]
    anonymous = client.get("/api/search/", {"q": "zebrafink"}).json()
    assert anonymous["total"] == 0 and "Hemlig" not in str(anonymous)
    client.force_login(member)
    assert client.get("/api/search/", {"q": "Medlemsdotter"}).json()["total"] == 1
    assert client.get("/api/search/", {"q": "zebrafink"}).json()["total"] == 0


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_on_page_and_api(client, indexed, text):
    assert client.get("/search/", {"q": text}).status_code == 200
    assert client.get("/api/search/", {"q": text}).status_code == 200


def test_search_page_shows_results_facets_and_video_time(client, indexed):
    page = client.get("/search/", {"q": "søknad"}).content.decode()
    # Through the click counter (search.views.follow_result); the fragment stays on
    # the link, which the browser keeps across the redirect.
    assert 'href="/search/click/?q=s%C3%B8knad&amp;to=/videos/skarm/#t=42"' in page
    page = client.get("/search/", {"q": "välfärdsteknik"}).content.decode()
    assert "<mark>" in page and 'name="country"' in page


def test_a_page_beyond_the_end_shows_the_last_page(client, indexed):
    response = client.get("/search/", {"q": "välfärdsteknik", "page": "999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == response.context["results"].pages
    assert response.context["hits"]  # the last page's results, not an empty page


def test_no_results_help(client, indexed):
    page = client.get("/search/", {"q": "qqqqxxxx", "country": "SE"}).content.decode()
    assert "/network/" in page
    assert "?q=qqqqxxxx" in page  # search again without filters


def test_did_you_mean(client, indexed):
    page = client.get("/search/", {"q": "hemtjänstn"}).content.decode()
    assert "hemtjänsten" in page  # the word as it is written, not its folded form
    assert "hemtjansten" not in page
    data = client.get("/api/search/", {"q": "valfardsteknk"}).json()
    assert data["suggestion"] == "välfärdsteknik"


def test_autocomplete_respects_audience(client, indexed):
    data = client.get("/search/suggest/", {"q": "Välf"}).json()["results"]
    assert any(item["text"] == "Välfärdsteknik i hemtjänsten" for item in data)
    assert client.get("/search/suggest/", {"q": "Hemlig"}).json()["results"] == []


def test_search_page_query_count_does_not_grow(
    client, db, django_assert_max_num_queries
):
    backend = DatabaseBackend()
    backend.rebuild(documents())
    with django_assert_max_num_queries(40) as few:
        client.get("/search/", {"q": "välfärdsteknik"})
    docs = documents()
    many = []
    for n in range(30):
        doc = docs[0].__class__(**{**docs[0].__dict__, "key": f"x{n}"})
        many.append(doc)
    backend.index_documents(many)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/search/", {"q": "välfärdsteknik"})


def test_query_log_and_promotions(client, indexed, admin):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.models import Page

    from search.models import QueryStat

    client.get("/search/", {"q": "qqqqxxxx"})
    stat = QueryStat.objects.get(query="qqqqxxxx")
    assert stat.count == 1 and stat.no_results == 1
    home = Page.objects.filter(depth=2).first()
    query = Query.get("välfärdsteknik")
    SearchPromotion.objects.create(query=query, page=home, description="Läs först")
    page = client.get("/search/", {"q": "välfärdsteknik"}).content.decode()
    assert "Läs först" in page
    client.force_login(admin)
    assert client.get("/admin/snippets/dela_search/querystat/").status_code == 200


def test_editors_curate_synonyms_and_read_the_report(client, editor, member):
    from search.models import Synonym

    client.force_login(editor)
    assert client.get("/admin/snippets/dela_search/querystat/").status_code == 200
    response = client.post(
        "/admin/snippets/dela_search/synonym/add/",
        {"terms": "zebrafink, sebrafink", "note": ""},
    )
    assert response.status_code == 302
    assert Synonym.objects.get().term_list() == ["zebrafink", "sebrafink"]
    client.force_login(member)
    assert client.get("/admin/snippets/dela_search/querystat/").status_code == 302


def test_editors_synonyms_join_the_analysis(db, django_capture_on_commit_callbacks):
    from search.analysis import analyse_query, analyse_text
    from search.models import Synonym

    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms="zebrafink, sebrafink")
    document = set(analyse_text("En sebrafink i Laholm", "sv"))
    assert analyse_query("zebrafink").words[0].alternatives & document


def test_healthz_reports_search(client, db):
    assert client.get("/healthz").json()["search"] == "ok"


def test_old_queries_leave_the_log_after_the_retention_period(settings, client, db):
    """The query log keeps a query nobody asks again for SEARCH_QUERY_RETENTION_DAYS,
    then a daily task deletes it; queries asked since stay."""
    from datetime import timedelta

    from django.utils import timezone

    from search.models import QueryStat

    settings.SEARCH_QUERY_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    QueryStat.objects.create(query="gammal fråga", count=3, last_searched_at=old)
    QueryStat.objects.create(
        query="ny fråga", count=1, last_searched_at=timezone.now() - timedelta(days=2)
    )
    # Writing the log queues the retention task (at most once a day; it runs at once
    # in the tests).
    client.get("/search/", {"q": "välfärdsteknik"})
    assert set(QueryStat.objects.values_list("query", flat=True)) == {
        "ny fråga",
        "välfärdsteknik",
    }
