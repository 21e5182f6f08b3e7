from django.tasks import task

from .audit import anchor_append, keyholder_log_fold, tags_fill
from .sessions import SessionStore


@task()
def throttle_purge() -> int:
    """Deletes throttle counts older than their window and empties the store's WAL; hourly."""
    from . import throttle

    return throttle.purge(checkpoint=True)


@task()
def sessions_purge() -> None:
    """Deletes expired sessions, and browsers trusted longer ago than their cookie lives
    (accounts/trust.py); enqueued hourly by `objector run`."""
    from objector.accounts.actions import browsers_expired_forget

    SessionStore.clear_expired()
    browsers_expired_forget()


@task()
def audit_anchor() -> str | None:
    """Appends the audit log's head to OBJECTOR_AUDIT_ANCHOR_FILE; hourly."""
    return anchor_append()


@task()
def keyholder_log_folded() -> str | None:
    """Folds the new part of the key-holder's log into the audit chain; hourly."""
    return keyholder_log_fold()


@task()
def audit_tags_filled() -> int:
    """Tags the audit entries about a person, a document or a request written while sealed
    (audit.tags_fill); hourly, a no-op while sealed."""
    return tags_fill()
