from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from objector.cases.signals import requests_shredded
from objector.vault.signals import unlocked

from .actions import documents_forget


@receiver(unlocked)
def forget_at_unlock(sender: Any, **kwargs: Any) -> None:
    from .tasks import forget_pending

    transaction.on_commit(forget_pending.enqueue)


@receiver(requests_shredded)
def forget_evidence(sender: Any, ids: list[int], **kwargs: Any) -> None:
    documents_forget(case_ids=ids)


# Round 10's migrations that forget what tied a document to requests in the clear (its hash, its
# persons' places, intake's name indexes, shared surname blocks), and round 11's (its case; the
# request of the bot's receipt of a file; the case each staff member last opened, beside the
# moment; the order and the cases a joint claim drafted from it names), and round 12's (the audit
# entries' tags shared by one object's entries of one action).
FORGETTING = {
    ("cases", "0005_case_read_keyed"),
    ("documents", "0002_hash_and_position_sealed"),
    ("documents", "0003_person_name_index_own_purpose"),
    ("documents", "0004_document_case_sealed_and_tagged"),
    ("persons", "0002_document_blocks_keyed_apart"),
    ("telegram", "0003_attachment_hash_sealed"),
    ("telegram", "0004_attachment_size_forgotten"),
    ("telegram", "0005_attachment_request_sealed"),
    ("filings", "0002_draft_document_and_cases_sealed"),
    ("vault", "0009_audit_tags_per_entry"),
}


@receiver(post_migrate)
def forgotten_out_of_the_wal(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """secure_delete zeroes the freed pages of the database file, but the write-ahead log keeps
    older copies of them until its frames are reused: after those migrations, fold it in and
    empty it (as shredding does)."""
    if getattr(sender, "label", "") != "documents":  # sent once for each app: once is enough
        return
    ran = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if ran & FORGETTING and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
