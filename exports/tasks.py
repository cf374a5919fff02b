"""The background task (django-tasks). Run a worker with ``manage.py db_worker``."""

from django_tasks import task


@task()
def build_export(job_id: str, attempt: int | None = None) -> str:
    from exports import services

    return services.build_export(job_id, attempt)
