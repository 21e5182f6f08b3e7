from django.tasks import task

from .sessions import SessionStore


@task()
def sessions_purge() -> None:
    """Deletes expired sessions; enqueued hourly by `objector run`."""
    SessionStore.clear_expired()
