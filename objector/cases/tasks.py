import logging

from django.tasks import task
from django.utils import timezone

from objector.vault.keys import VaultSealed

from .actions import requests_reassess

log = logging.getLogger(__name__)


@task()
def reassess_open() -> int:
    """Keeps the queue's urgency true as days pass; enqueued hourly by `objector run`. The
    facts are sealed: while the vault is sealed this waits for the next hour."""
    try:
        return requests_reassess(today=timezone.localdate())
    except VaultSealed:
        log.info("reassessment skipped: the vault is sealed")
        return 0
