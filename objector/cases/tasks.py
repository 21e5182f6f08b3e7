from django.tasks import task
from django.utils import timezone

from .actions import requests_reassess


@task()
def reassess_open() -> int:
    """Keeps the queue's urgency true as days pass; enqueued hourly by `objector run`."""
    return requests_reassess(today=timezone.localdate())
