"""Threads in the search index built in bulk (search.indexing.all_documents, which
rebuild_search, the drift check and generate_scale_data read): a thread's posts come
from one prefetch per chunk of threads, not a query per thread (30 documents a second
at full scale before), and each document is the one made for that thread alone."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from network import moderation, services
from search import indexing
from search.documents import checksum
from search.registry import registry
from tests.network.network_factories import make_thread


def thread_documents():
    """(the thread documents of a bulk pass, the queries it made)."""
    with CaptureQueriesContext(connection) as queries:
        documents = list(indexing.all_documents([registry.get("thread")]))
    return documents, len(queries)


def make_threads(count, author, place, replier, start=0):
    return [
        make_thread(
            author,
            place,
            title=f"Digitala nycklar, tråd {number}",
            replies=[(replier, f"Svar nummer {number} om trygghetslarm.")],
        )
        for number in range(start, start + count)
    ]


def test_bulk_documents_of_threads_do_not_query_per_thread(
    category, other_ambassador, member
):
    make_threads(3, other_ambassador, category, member)
    few, few_queries = thread_documents()
    make_threads(12, other_ambassador, category, member, start=3)
    many, many_queries = thread_documents()

    assert len(many) == len(few) + 12
    # The threads, their tags and their posts: the same queries for 3 or 15.
    assert many_queries == few_queries <= 5


def test_a_bulk_document_is_the_document_of_its_thread_alone(
    category, other_ambassador, member, moderator
):
    threads = make_threads(3, other_ambassador, category, member)
    hidden, _ = services.reply(member, threads[0], "Ett svar som döljs av moderatorn.")
    moderation.set_post_hidden(moderator, hidden, True, reason="test")
    deleted, _ = services.reply(
        member, threads[1], "Ett svar som författaren tar bort."
    )
    services.delete_post(member, deleted)

    searchable = registry.get("thread")
    bulk = {document.id: document for document in thread_documents()[0]}
    for thread in threads:
        # A thread read on its own (no prefetch) reads its posts itself.
        thread = type(thread).objects.get(pk=thread.pk)
        alone = searchable.to_document(thread)
        assert checksum(bulk[alone.id]) == checksum(alone)
    # Hidden and deleted posts are in neither.
    texts = " ".join(document.text for document in bulk.values())
    assert "trygghetslarm" in texts
    assert "moderatorn" not in texts
    assert "författaren" not in texts
