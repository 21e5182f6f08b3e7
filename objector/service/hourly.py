"""The hourly jobs, enqueued for the task workers: by `objector run` itself, or by
`objector hourly` from a timer (deploy/systemd/objector-hourly.timer). They are idempotent, so
several machines may enqueue them."""

from objector.cases.tasks import reassess_open, shred_expired
from objector.documents.tasks import extract_pending
from objector.filings.tasks import draft_tags_filled
from objector.persons.tasks import link_pending
from objector.telegram.tasks import adopt_attachments
from objector.vault.tasks import (
    audit_anchor,
    audit_tags_filled,
    keyholder_log_folded,
    sessions_purge,
    throttle_purge,
)


def enqueue_hourly() -> None:
    # Urgency rises as absences lengthen and deadlines near; cases past their retention are
    # shredded; documents stored while sealed are read, and what came in while sealed is linked
    # (objector.persons); expired sessions and throttle counts are purged; the audit head is
    # appended to the anchor file, after the key-holder's log is folded into the chain; the audit
    # entries written while sealed are tagged (vault.audit.tags_fill), and so are the joint claims
    # the migration of round 11c sealed (filings.actions.draft_tags_fill).
    for job in (
        reassess_open,
        shred_expired,
        extract_pending,
        link_pending,
        adopt_attachments,
        draft_tags_filled,
        sessions_purge,
        throttle_purge,
        keyholder_log_folded,
        audit_anchor,
        audit_tags_filled,
    ):
        job.enqueue()
