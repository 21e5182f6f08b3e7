from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from objector.law.engine import CATEGORIES
from objector.vault import crypto
from objector.vault.keys import VaultSealed, blind_indexes, sealed_open

from .questionnaire import BY_KEY
from .regions import DISTRICTS

PERSONNEL_CHOICES = BY_KEY["personnel"].choices

URGENCY_RANK = {"critical": 0, "high": 1, "normal": 2, "low": 3}
# Categories are also kept as bits, so that the queue can filter and count them with plain
# integer arithmetic on both SQLite and PostgreSQL, without unpacking JSON for 100,000 rows.
CATEGORY_BIT = {category: 1 << i for i, category in enumerate(CATEGORIES)}


def category_bits(categories: list[str]) -> int:
    return sum(CATEGORY_BIT[c] for c in set(categories))


def categories_of(bits: int) -> list[str]:
    """The categories packed into `category_bits`, in §10 order."""
    return [category for category, bit in CATEGORY_BIT.items() if bits & bit]


# What a request's personal data holds, all encrypted under its data key.
# `name` is the serviceman's; `writer_name` the relative's or lawyer's own, when they wrote.
PERSONAL = (
    "name",
    "birth_date",  # the serviceman's, whole or in part; absent from requests before round 11
    "writer_name",
    "unit",
    "region",
    "story",
    "contact",
    "contact_method",
    "facts",
    "assessment",
)
PERSONAL_CONTEXT = "intake.request.personal"


def personal_seal(data_key: bytes, personal: dict[str, Any]) -> bytes:
    return crypto.encrypt(
        data_key, json.dumps(personal, ensure_ascii=False), context=PERSONAL_CONTEXT
    )


def triage_fields(result: dict[str, Any]) -> dict[str, Any]:
    """The clear request columns an assessment decides: stored at intake, on a new event, and
    when time moves a request into another band."""
    return {
        "categories": result["categories"],
        "category_bits": category_bits(result["categories"]),
        "urgency": result["urgency"],
        "urgency_rank": URGENCY_RANK[result["urgency"]],
    }


# The triage key packs every column the queue filters on into one integer, so that counting the
# queue's filter values is a GROUP BY over one indexed integer column instead of six: about three
# times faster at 100,000 requests. The database computes it (a stored generated column), so it
# can never disagree with the columns it is made of. Layout, lowest bits first:
#   category bits (12) | channel (1) | district (4) | personnel (4) | status (3) | urgency (2)
TRIAGE_CODES: dict[str, tuple[str, ...]] = {
    "channel": ("web", "telegram"),
    "district": ("", *(d.key for d in DISTRICTS)),
    "personnel": ("", *(c.value for c in PERSONNEL_CHOICES)),
    "status": ("new", "triaged", "assigned", "in_progress", "closed"),
}
TRIAGE_SHIFT = {"channel": 12, "district": 13, "personnel": 17, "status": 21, "urgency_rank": 24}
TRIAGE_WIDTH = {"channel": 1, "district": 4, "personnel": 4, "status": 3, "urgency_rank": 2}


def _triage_key() -> models.Expression:
    key: models.Expression = models.F("category_bits") + models.F("urgency_rank") * (
        1 << TRIAGE_SHIFT["urgency_rank"]
    )
    for column, values in TRIAGE_CODES.items():
        key = key + models.Case(
            *(
                models.When(**{column: value}, then=models.Value(code << TRIAGE_SHIFT[column]))
                for code, value in enumerate(values)
                if code
            ),
            default=models.Value(0),
        )
    return key


def triage_decode(key: int) -> dict[str, Any]:
    """The columns packed into a triage key, as the database stores them."""
    found: dict[str, Any] = {"category_bits": key & ((1 << len(CATEGORY_BIT)) - 1)}
    for column, shift in TRIAGE_SHIFT.items():
        code = (key >> shift) & ((1 << TRIAGE_WIDTH[column]) - 1)
        found[column] = TRIAGE_CODES[column][code] if column in TRIAGE_CODES else code
    return found


@models.PositiveIntegerField.register_lookup
class BitAndAny(models.Lookup):
    """`category_bits__bitand_any=mask`: at least one of the mask's bits is set."""

    lookup_name = "bitand_any"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) <> 0", [*lhs_params, *rhs_params]


def new_case_secret() -> bytes:
    """A new case's secret (Request.case_secret)."""
    return secrets.token_bytes(32)


class Request(models.Model):
    """One request for help, from the web form or the bot.

    Triage fields are in the clear; the personal fields below them are encrypted by the vault
    (issue #4) and must never be used to filter or sort.
    """

    class Channel(models.TextChoices):
        WEB = "web", "web"
        TELEGRAM = "telegram", "Telegram"

    class Status(models.TextChoices):
        NEW = "new", "new"
        TRIAGED = "triaged", "triaged"
        ASSIGNED = "assigned", "assigned"
        IN_PROGRESS = "in_progress", "in progress"
        CLOSED = "closed", "closed"

    reference = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    # SHA-256 of the submission's idempotency key: the key itself derives the receipt secret
    # (intake.actions.receipt_secret), so it is never stored.
    idempotency_key = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=2, default="ru")
    created_at = models.DateTimeField(default=timezone.now)

    # Triage, in the clear.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=32, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    district = models.CharField(max_length=32, blank=True)  # federal district, see regions.py
    role = models.CharField(max_length=16, blank=True)
    personnel = models.CharField(max_length=32, blank=True)
    categories = models.JSONField(default=list)
    category_bits = models.PositiveIntegerField(default=0)
    triage_key = models.GeneratedField(
        expression=_triage_key(), output_field=models.BigIntegerField(), db_persist=True
    )
    urgency = models.CharField(max_length=16)
    urgency_rank = models.PositiveSmallIntegerField()

    # Personal data, sealed (objector/vault): one random data key per request encrypts the
    # personal fields (PERSONAL) as one JSON document. The key is stored twice: sealed to the
    # organisation's public key, for staff while the vault is unlocked; and under a key derived
    # from the receipt secret, for the requester, who can read and write even while it is sealed.
    sealed_key = models.BinaryField(default=b"")
    receipt_key = models.BinaryField(default=b"")
    personal_data = models.BinaryField(default=b"")
    # A blind index of the normalised name (vault.crypto.blind_index), for finding the same
    # person's other requests. Computed when staff next open the request: the index key exists
    # only while the vault is unlocked, and intake must work while it is sealed.
    name_index = models.CharField(max_length=32, blank=True, db_index=True)
    # The case's secret (random, 32 bytes; round 12): every document on the case has its data
    # key wrapped under a key derived from it and from a share sealed to the organisation
    # (vault.crypto.case_bound, documents.models.Document.key_box), so that reading one needs
    # both the private key and this. In the clear: useless without the private key. Shredding
    # empties it, needing no key, so a case shredded while sealed leaves its documents (and
    # their copies in local backups, scrubbed at once) unreadable at once. b"" once shredded.
    case_secret = models.BinaryField(default=new_case_secret)
    # Crypto-shredded: the data key is gone, so the personal data is unreadable everywhere,
    # backups included. The triage columns stay for the statistics.
    shredded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The queue's page: in urgency-then-age order, with every filter column inside the
            # index, so that only the rows shown are read from the table.
            models.Index(
                fields=[
                    "urgency_rank",
                    "created_at",
                    "status",
                    "category_bits",
                    "personnel",
                    "district",
                    "channel",
                ],
                name="request_triage_order",
            ),
            # The queue's counts: one covering scan, grouped by the key.
            models.Index(fields=["triage_key", "created_at"], name="request_triage_count"),
            models.Index(fields=["assignee", "status"], name="request_assignee"),
            # The queue's sorts by last activity and by age (cases.queue.SORTS) read their first
            # page in order instead of sorting every shown request. No index leads with status:
            # SQLite would take it for the default view's `status IN (open)` and sort every open
            # request (docs/benchmarks.md, the queue's sort indexes).
            models.Index(fields=["updated_at", "id"], name="request_queue_updated"),
            models.Index(fields=["created_at", "id"], name="request_queue_age"),
        ]

    # Set by `open`, never stored.
    data_key: bytes | None = None
    _personal: dict[str, Any] | None = None

    def __str__(self) -> str:
        return self.reference

    def open(self, data_key: bytes) -> None:
        """Decrypt the personal fields with this request's data key."""
        self.data_key = data_key
        self._personal = json.loads(
            crypto.decrypt(data_key, bytes(self.personal_data), context=PERSONAL_CONTEXT)
        )

    @property
    def key(self) -> bytes:
        """The data key; the request must have been opened."""
        if self.data_key is None:
            raise VaultSealed("this request has not been opened")
        return self.data_key

    @property
    def personal(self) -> dict[str, Any]:
        """The decrypted personal fields (PERSONAL); the request must have been opened."""
        if self._personal is None:
            raise VaultSealed("this request has not been opened")
        return self._personal

    @property
    def facts(self) -> dict[str, Any]:
        return dict(self.personal["facts"])

    @property
    def assessment(self) -> dict[str, Any]:
        return dict(self.personal["assessment"])

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        if self.data_key is not None and self.personal_data:
            self.open(self.data_key)  # what was read before may have changed

    def personal_update(self, **values: Any) -> None:
        """Change personal fields and encrypt them again; the caller saves `personal_data`."""
        personal = {**self.personal, **values}
        self._personal = personal
        self.personal_data = personal_seal(self.key, personal)


def requests_open(requests: Iterable[Request]) -> None:
    """Open these requests' data keys through the key-holder, in one round trip, and decrypt
    their personal fields. Raises VaultSealed while the vault is sealed."""
    sealed_open(requests)


NAME_INDEX = "name"  # the blind index's purpose
NO_NAME = "-"  # indexed, and there was no name to index
INDEX_BATCH = 200


def name_indexes_fill(*, limit: int = 10_000) -> int:
    """Compute the blind index of the names intake could not index (it works while sealed, and
    the index key exists only while unlocked). Runs before every search by name and hourly.
    Raises VaultSealed while sealed. Returns how many were indexed."""
    done = 0
    while done < limit:
        batch = list(
            Request.objects.filter(name_index="", shredded_at=None)
            .exclude(sealed_key=b"")
            .only("pk", "sealed_key", "personal_data")[:INDEX_BATCH]
        )
        if not batch:
            break
        name_indexes_set(batch)
        done += len(batch)
    return done


def name_indexes_set(requests: list[Request]) -> None:
    """Index these requests' names now, in one round trip to the key-holder."""
    requests_open(requests)
    named = [r for r in requests if r.personal["name"].strip()]
    indexes = blind_indexes([(NAME_INDEX, r.personal["name"]) for r in named])
    found = dict(zip((r.pk for r in named), indexes, strict=True))
    with transaction.atomic():  # one commit (one fsync) for the batch, not one per row
        for request in requests:
            request.name_index = found.get(request.pk, NO_NAME)
            Request.objects.filter(pk=request.pk).update(name_index=request.name_index)


# Requests someone still has to act on.
OPEN_STATUSES = (
    Request.Status.NEW,
    Request.Status.TRIAGED,
    Request.Status.ASSIGNED,
    Request.Status.IN_PROGRESS,
)
