from django.tasks import task

from .audit import anchor_append
from .sessions import SessionStore


@task()
def sessions_purge() -> None:
    """Deletes expired sessions; enqueued hourly by `objector run`."""
    SessionStore.clear_expired()


@task()
def audit_anchor() -> str | None:
    """Appends the audit log's head to OBJECTOR_AUDIT_ANCHOR_FILE; hourly."""
    return anchor_append()
