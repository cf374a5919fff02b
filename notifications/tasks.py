"""Notification mail through the task worker (django-tasks; ``manage.py db_worker``)."""

from django_tasks import task


@task()
def send_notification(notification_id: int) -> str:
    from notifications import services

    return services.send_one(notification_id)
