"""`/healthz`: the state of what Dela depends on, for load balancers and operators."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
OK, DEGRADED = "ok", "degraded"
# Ready tasks this old mean no worker is taking them.
STALE_TASK_AGE = timedelta(minutes=10)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return DEGRADED
    return OK


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        value = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.exception("Health check: cache unreachable")
        return DEGRADED
    if getattr(cache, "falling_back", False):
        return DEGRADED  # Redis does not answer: the process's memory stands in
    return OK if value == "1" else DEGRADED


def check_search():
    # Degraded when the configured backend (Elasticsearch) is unreachable or failed
    # recently and searches are answered by the database backend's fallback.
    from search.services import is_degraded

    try:
        return DEGRADED if is_degraded() else OK
    except Exception:
        logger.exception("Health check: search backend failed")
        return DEGRADED


def check_tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return OK
    try:
        from django_tasks_db.models import DBTaskResult, get_date_max

        # A task waits from when it may run: when it was enqueued, or its run_after
        # (a task scheduled for later is not late before its time has come).
        since = timezone.now() - STALE_TASK_AGE
        waiting = DBTaskResult.objects.ready().filter(
            Q(run_after=get_date_max()) | Q(run_after__lt=since),
            enqueued_at__lt=since,
        )
        # A task "running" past the longest a task may run: its worker was stopped
        # by force (the next worker to start queues it again).
        from dela.tasks import abandoned

        return DEGRADED if waiting.exists() or abandoned().exists() else OK
    except Exception:
        logger.exception("Health check: task queue unreadable")
        return DEGRADED


@never_cache
def healthz(request):
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"] == OK:
        checks["search"] = check_search()
        checks["tasks"] = check_tasks()
    else:
        # Both read the database: asking an unreachable one again only makes the
        # probe wait for more connection timeouts.
        checks["search"] = checks["tasks"] = DEGRADED
    status = OK if all(value == OK for value in checks.values()) else DEGRADED
    return JsonResponse(
        {"status": status, **checks}, status=200 if checks["database"] == OK else 503
    )
