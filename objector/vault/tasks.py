from django.tasks import task

from .audit import anchor_append, keyholder_log_fold
from .sessions import SessionStore


@task()
def throttle_purge() -> int:
    """Deletes throttle counts older than their window and empties the store's WAL; hourly."""
    from . import throttle

    return throttle.purge(checkpoint=True)


@task()
def sessions_purge() -> None:
    """Deletes expired sessions; enqueued hourly by `objector run`."""
    SessionStore.clear_expired()


@task()
def audit_anchor() -> str | None:
    """Appends the audit log's head to OBJECTOR_AUDIT_ANCHOR_FILE; hourly."""
    return anchor_append()


@task()
def keyholder_log_folded() -> str | None:
    """Folds the new part of the key-holder's log into the audit chain; hourly."""
    return keyholder_log_fold()
