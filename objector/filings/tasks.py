import logging

from django.tasks import task

from objector.vault.keys import VaultSealed

log = logging.getLogger(__name__)


@task()
def draft_tags_filled() -> int:
    """Hourly from `objector run`: the joint claims the migration of round 11c sealed get their
    order's and their named cases' keyed tags (so that shredding, a deleted order and a backup's
    scrubbing find them by them). While sealed this waits."""
    from .actions import draft_tags_fill  # the drafting core stays out of start-up (receivers)

    try:
        return draft_tags_fill()
    except VaultSealed:
        log.info("tagging drafts waits: the vault is sealed")
        return 0
