import logging

from django.tasks import task

from objector.vault.keys import VaultSealed

from .actions import attachment_tags_fill, attachments_adopt

log = logging.getLogger(__name__)


@task()
def adopt_attachments() -> int:
    """Hourly from `objector run`: files the bot stored before the evidence store existed move
    into it, and the receipts stored while sealed get their request's tag (so that shredding
    and a backup's scrubbing find them by it). Their keys open only while the vault is
    unlocked; while sealed this waits."""
    try:
        attachment_tags_fill()
        return attachments_adopt()
    except VaultSealed:
        log.info("attachment adoption waits: the vault is sealed")
        return 0
