"""What the readiness check, the metrics and ``check_deployment`` ask of the task queue (ADR 0030).

Whichever django-tasks backend is configured: the database backend (django-tasks-db, the
embedded default: its table answers, tasks waiting are its READY rows, which a partial index
covers) or the Redis/RQ backend (django-tasks-rq: Redis answers PING, tasks waiting are the
lengths of its queues, failed ones its failed-job registries). Any other backend (the test
suite's immediate one) has no queue to ask: ``kind`` says "none" and the figures are empty.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DATABASE_BACKEND = "django_tasks_db"
RQ_BACKEND = "django_tasks_rq"


def kind(alias: str = "default") -> str:
    """ "database", "redis" or "none": which queue the configured backend keeps."""
    backend = str(settings.TASKS.get(alias, {}).get("BACKEND", ""))
    if backend.startswith(DATABASE_BACKEND):
        return "database"
    if backend.startswith(RQ_BACKEND):
        return "redis"
    return "none"


def _rq_queues(alias: str) -> list[Any]:
    import django_rq
    from django_tasks import task_backends

    return [django_rq.get_queue(name) for name in sorted(task_backends[alias].queues)]


def ping(alias: str = "default") -> None:
    """Raise when the queue does not answer (the message names no password or address)."""
    match kind(alias):
        case "database":
            from django_tasks_db.models import DBTaskResult

            list(DBTaskResult.objects.order_by().values_list("pk", flat=True)[:1])
        case "redis":
            for queue in _rq_queues(alias):
                if not queue.connection.ping():
                    raise ConnectionError(f"Redis of queue {queue.name!r} did not answer PING")


def figures(alias: str = "default") -> dict[str, dict[str, int]]:
    """queue name → {"waiting": n, "failed": n}, counted where the queue keeps its tasks."""
    match kind(alias):
        case "database":
            from django.db.models import Count
            from django_tasks.base import TaskResultStatus
            from django_tasks_db.models import DBTaskResult

            # two counts: READY rows are in django-tasks-db's partial index; FAILED rows are read
            # from the table (kept until prune_db_task_results)
            result: dict[str, dict[str, int]] = {}
            for status, field in ((TaskResultStatus.READY, "waiting"), (TaskResultStatus.FAILED, "failed")):
                rows = DBTaskResult.objects.filter(status=status).order_by().values_list("queue_name").annotate(n=Count("pk"))
                for queue_name, n in rows:
                    result.setdefault(queue_name, {"waiting": 0, "failed": 0})[field] = n
            return result
        case "redis":
            return {
                queue.name: {"waiting": queue.count, "failed": queue.failed_job_registry.count}
                for queue in _rq_queues(alias)
            }
    return {}
