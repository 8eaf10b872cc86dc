"""Background indexing (django_tasks): enqueued after the change is committed."""

from django_tasks import task


@task()
def index_objects_task(type_name, pks):
    from .indexing import index_objects

    return index_objects(type_name, pks)


@task()
def rebuild_index_task():
    from .indexing import rebuild

    return rebuild()


@task()
def forget_old_queries_task():
    """The query log's retention (SEARCH_QUERY_RETENTION_DAYS)."""
    from .services import forget_old_queries

    return forget_old_queries()
