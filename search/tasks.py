"""Background indexing (django_tasks): queued with the change (dela.tasks), behind
the tasks a person waits for."""

from django_tasks import task

from dela.tasks import BACKGROUND


@task(priority=BACKGROUND)
def index_objects_task(type_name, pks):
    from .indexing import index_objects

    return index_objects(type_name, pks)


@task(priority=BACKGROUND)
def rebuild_index_task():
    from .indexing import rebuild

    return rebuild()


@task(priority=BACKGROUND)
def forget_old_queries_task():
    """The query log's retention (SEARCH_QUERY_RETENTION_DAYS)."""
    from .services import forget_old_queries

    return forget_old_queries()
