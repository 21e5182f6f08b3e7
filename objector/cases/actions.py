"""Every write staff make to requests and cases goes through here, inside a transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from objector.accounts.models import Staff
from objector.accounts.texts import OUTCOME, STAFF_UI
from objector.intake.models import OPEN_STATUSES, Request, requests_open, triage_fields
from objector.law import FactsError, assess
from objector.law.diff import changes
from objector.service import rows, storage
from objector.vault import crypto
from objector.vault.audit import AuditAction, audit_record

from .access import lawyers
from .models import (
    DEADLINE_CONTEXT,
    AnswerTemplate,
    CaseRead,
    Deadline,
    Entry,
    NameWord,
    SavedView,
    case_read_tags,
)
from .signals import message_sent, requests_shredded

Status = Request.Status
# Forward along new → triaged → assigned → in progress → closed, a step back where work
# was misfiled, and a closed case can be reopened.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.TRIAGED, Status.CLOSED},
    Status.TRIAGED: {Status.NEW, Status.CLOSED},
    Status.ASSIGNED: {Status.TRIAGED, Status.IN_PROGRESS, Status.CLOSED},
    Status.IN_PROGRESS: {Status.ASSIGNED, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
}
MAX_TEXT = 10_000


class CaseError(ValueError):
    """A change that cannot be made; `key` names the STAFF_UI text that says why."""

    def __init__(self, key: str, detail: str = "", **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.detail = detail
        self.params = params

    def text(self, lang: str) -> str:
        """The reason in this language: a STAFF_UI key, or a message already in English (a
        gettext msgid, marked with gettext_noop where raised) translated here."""
        if self.key in STAFF_UI:
            reason = STAFF_UI[self.key][lang]
        else:
            with translation.override(lang):
                reason = gettext(self.key) % self.params if self.params else gettext(self.key)
        return reason + (f" {self.detail}" if self.detail else "")


def _touch(request: Request, *fields: str) -> None:
    request.updated_at = timezone.now()
    request.save(update_fields=[*fields, "updated_at"])


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise CaseError("empty_text")
    if len(text) > MAX_TEXT:
        raise CaseError("too_long")
    return text


# Assignment


def lawyer_loads() -> Counter[int]:
    """Open cases per lawyer, in one query."""
    rows = (
        Request.objects.filter(status__in=(Status.ASSIGNED, Status.IN_PROGRESS))
        .exclude(assignee=None)
        .values("assignee")
        .annotate(n=Count("id"))
    )
    return Counter({row["assignee"]: row["n"] for row in rows})


def lawyer_suggest(
    request: Request, *, loads: Counter[int], team: Iterable[Staff] | None = None
) -> Staff | None:
    """The least-loaded lawyer covering the request's district; failing that, the least-loaded
    lawyer. Ties go to the username, so the suggestion is stable."""
    team = list(team if team is not None else lawyers())
    if not team:
        return None
    local = [s for s in team if request.district and request.district in s.districts]
    return min(local or team, key=lambda s: (loads[s.pk], s.username))


def request_assign(*, request: Request, lawyer: Staff, by: Staff) -> None:
    if lawyer.role != Staff.Role.LAWYER or not lawyer.is_active:
        raise CaseError("not_a_lawyer")
    with transaction.atomic():
        previous = request.assignee
        request.assignee = lawyer
        fields = ["assignee"]
        if request.status in (Status.NEW, Status.TRIAGED, Status.CLOSED):
            request.status = Status.ASSIGNED
            request.closed_at = None
            request.outcome = ""
            fields += ["status", "closed_at", "outcome"]
        _touch(request, *fields)
        Entry.objects.create(
            request=request,
            kind=Entry.Kind.ASSIGNMENT,
            author=by,
            data={"from": previous.username if previous else None, "to": lawyer.username},
        )
        audit_record(
            actor=by, action=AuditAction.ASSIGN, object_type="request", object_id=request.pk
        )


def requests_assign(
    *, requests: list[Request], lawyer: Staff | None, by: Staff
) -> list[tuple[Request, Staff]]:
    """Assign many at once: to one lawyer, or (lawyer None) each to the suggested lawyer,
    counting each assignment into the loads so that a batch is spread fairly. Returns who went
    to whom."""
    done = []
    with transaction.atomic():
        loads = lawyer_loads()
        team = list(lawyers())
        for request in requests:
            chosen = lawyer or lawyer_suggest(request, loads=loads, team=team)
            if chosen is None:
                raise CaseError("not_a_lawyer")
            request_assign(request=request, lawyer=chosen, by=by)
            loads[chosen.pk] += 1
            done.append((request, chosen))
    return done


# Status


def status_set(*, request: Request, status: str, outcome: str = "", by: Staff) -> None:
    if status == request.status:
        return
    if status not in TRANSITIONS.get(request.status, set()):
        raise CaseError("bad_transition")
    if status == Status.CLOSED and outcome not in OUTCOME:
        raise CaseError("outcome_needed")
    with transaction.atomic():
        before = request.status
        request.status = status
        request.outcome = outcome if status == Status.CLOSED else ""
        request.closed_at = timezone.now() if status == Status.CLOSED else None
        _touch(request, "status", "outcome", "closed_at")
        Entry.objects.create(
            request=request,
            kind=Entry.Kind.STATUS,
            author=by,
            data={"from": before, "to": status, "outcome": request.outcome},
        )
        audit_record(
            actor=by, action=AuditAction.STATUS, object_type="request", object_id=request.pk
        )


def requests_set_status(
    *, requests: list[Request], status: str, outcome: str, by: Staff
) -> list[tuple[Request, str]]:
    """Returns each request with the status it had before."""
    done = []
    with transaction.atomic():
        for request in requests:
            before = request.status
            status_set(request=request, status=status, outcome=outcome, by=by)
            done.append((request, before))
    return done


# Events and the assessment


THRESHOLD = "threshold:"  # a Deadline.kind prefix: the date an absence becomes graver


def deadlines_sync(*, request: Request, result: dict[str, Any], new: bool = False) -> None:
    """Rewrite the engine's open deadlines from an assessment, its thresholds among them; keep
    those marked done. A `new` request has none yet: two queries fewer under the write lock."""
    done: set[tuple[str, date]] = set()
    if not new:
        done = set(
            request.deadlines.filter(source=Deadline.Source.ENGINE)
            .exclude(done_at=None)
            .values_list("kind", "due")
        )
        request.deadlines.filter(source=Deadline.Source.ENGINE, done_at=None).delete()
    found = [
        (d["kind"], date.fromisoformat(d["due"]), d["basis"], d.get("uncertain", False))
        for d in result["deadlines"]
    ]
    # The dates an ongoing absence enters a graver band (§3): a lawyer must act before them.
    found += [
        (THRESHOLD + t["band"], date.fromisoformat(t["date"]), t["basis"], False)
        for t in result.get("thresholds", [])
    ]
    # Built once per process (service/rows.py): the final submit stores these under the write lock.
    rows.insert_all(
        Deadline(
            request=request,
            kind=kind,
            due=due,
            basis=basis,
            uncertain=uncertain,
            source=Deadline.Source.ENGINE,
        )
        for kind, due, basis, uncertain in found
        if (kind, due) not in done
    )


def assessment_today(facts: dict[str, Any], today: date) -> dict[str, Any]:
    """The assessment of stored facts as of today: pages show this, so that days left and
    thresholds are never stale."""
    return assess({**facts, "as_of": today.isoformat()}, today=today)


REASSESS_BATCH = 200


def _triage_view(result: dict[str, Any]) -> tuple[Any, ...]:
    return (
        result["urgency"],
        result["categories"],
        [(d["kind"], d["due"]) for d in result["deadlines"]],
        [t["date"] for t in result.get("thresholds", [])],  # a passed one leaves the list
    )


def requests_reassess(*, today: date) -> int:
    """Recompute the assessment of every open request as of today, and write back those whose
    urgency, categories or deadlines changed: as time passes an absence crosses into a graver
    band and a deadline draws near, and the queue must rise with them. Runs hourly from the
    task worker (`objector run`), or from cron with `objector reassess`. Returns how many
    changed. Writes in small batches, so intake never waits long for the write lock.

    The facts are sealed, so this needs the vault unlocked; while it is sealed it raises
    VaultSealed and the next run catches up."""
    changed = 0
    last = 0
    while True:
        batch = list(
            Request.objects.filter(status__in=OPEN_STATUSES, shredded_at=None, pk__gt=last)
            .order_by("pk")
            .only("pk", "sealed_key", "personal_data")[:REASSESS_BATCH]
        )
        if not batch:
            return changed
        last = batch[-1].pk
        requests_open(batch)
        with transaction.atomic():
            for request in batch:
                result = assessment_today(request.facts, today)
                if _triage_view(result) == _triage_view(request.personal["assessment"]):
                    continue
                request.personal_update(assessment=result)
                Request.objects.filter(pk=request.pk).update(
                    **triage_fields(result),
                    personal_data=request.personal_data,
                    updated_at=timezone.now(),
                )
                deadlines_sync(request=request, result=result)
                changed += 1


def event_add(
    *,
    request: Request,
    event_type: str,
    when: str,
    combat: bool | None = None,
    by: Staff | None,
    today: date,
) -> list[dict[str, Any]]:
    """Add a §12 event to the facts, recompute the assessment and the deadlines, and record
    what changed. The comparison is with the old facts assessed today, so that the change shown
    is the event's, not the calendar's. Raises FactsError naming what was wrong."""
    event: dict[str, Any] = {"type": event_type, "date": when}
    if combat is not None:
        event["combat"] = combat
    if when > today.isoformat():
        raise FactsError("date", "the date is still to come", "дата ещё не наступила")
    facts = {**request.facts, "events": [*request.facts.get("events", []), event]}
    after = assessment_today(facts, today)  # validates first: nothing is written for bad input
    before = assessment_today(request.facts, today)
    found = changes(before, after)
    with transaction.atomic():
        request.personal_update(facts={**facts, "as_of": today.isoformat()}, assessment=after)
        decided = triage_fields(after)
        for field, value in decided.items():
            setattr(request, field, value)
        _touch(request, "personal_data", *decided)
        deadlines_sync(request=request, result=after)
        Entry.sealed_create(
            request=request,
            kind=Entry.Kind.EVENT,
            author=by,
            data={"event": event, "changes": found},
        )
        if by is not None:
            audit_record(
                actor=by, action=AuditAction.EVENT, object_type="request", object_id=request.pk
            )
    return found


# Notes, messages, deadlines


def _text_entry_add(
    *, request: Request, kind: str, text: str, by: Staff, action: AuditAction
) -> Entry:
    entry = Entry.sealed_create(request=request, kind=kind, author=by, text=_clean_text(text))
    audit_record(actor=by, action=action, object_type="request", object_id=request.pk)
    return entry


def note_add(*, request: Request, text: str, by: Staff) -> Entry:
    with transaction.atomic():
        return _text_entry_add(
            request=request, kind=Entry.Kind.NOTE, text=text, by=by, action=AuditAction.NOTE
        )


def message_send(*, request: Request, text: str, by: Staff) -> Entry:
    """An answer the requester reads under their code (and, with the bot, in Telegram)."""
    with transaction.atomic():
        entry = _text_entry_add(
            request=request,
            kind=Entry.Kind.MESSAGE_OUT,
            text=text,
            by=by,
            action=AuditAction.MESSAGE,
        )
        if request.status == Status.NEW:  # answered means read
            status_set(request=request, status=Status.TRIAGED, by=by)
        message_sent.send(sender=Entry, request=request, entry=entry)
    return entry


def message_receive(*, request: Request, text: str) -> Entry:
    """A message the requester adds under their code."""
    with transaction.atomic():
        entry = Entry.sealed_create(
            request=request, kind=Entry.Kind.MESSAGE_IN, text=_clean_text(text)
        )
        _touch(request)
    return entry


def template_send(*, requests: list[Request], template: AnswerTemplate, by: Staff) -> list[Request]:
    """One templated answer to each requester, in the language they wrote in. The answers
    are sealed under each request's key, so this needs the vault unlocked."""
    requests_open(requests)
    with transaction.atomic():
        for request in requests:
            message_send(request=request, text=template.body(request.language), by=by)
    return requests


# What each staff member has read, and their saved queue views


def case_seen(*, request: Request, by: Staff) -> None:
    """The requester's messages up to now are read by this staff member (the case found by its
    keyed tag: VaultSealed while sealed). The mark is written only when the requester wrote
    since the last one (or since ever): the unread markers count the messages after it, and a
    mark rewritten at every view named, in a later copy of the disk (an hourly backup, the
    write-ahead log), each view of the case once one of its moments was named (round 12)."""
    (tag,) = case_read_tags(by.pk, [request.pk])
    now = timezone.now()
    mark = CaseRead.objects.filter(staff=by, case_tag=tag).first()
    replies = Entry.objects.filter(request=request, kind=Entry.Kind.MESSAGE_IN)
    if mark is not None:
        replies = replies.filter(created_at__gt=mark.seen_at)
    if not replies.filter(created_at__lte=now).exists():
        return
    CaseRead.objects.update_or_create(staff=by, case_tag=tag, defaults={"seen_at": now})


MAX_SAVED_VIEWS = 30


def saved_view_save(*, staff: Staff, name: str, query: str) -> SavedView:
    """Save (or, under the same name, replace) a queue filter of this staff member's own. The
    query string must already have been checked by queue.Filters.parse."""
    name = name.strip()[:80]
    if not name:
        raise CaseError("empty_text")
    with transaction.atomic():
        if (
            not SavedView.objects.filter(staff=staff, name=name).exists()
            and SavedView.objects.filter(staff=staff).count() >= MAX_SAVED_VIEWS
        ):
            raise CaseError(gettext_noop("You can keep at most 30 saved views: delete one first."))
        view, _created = SavedView.objects.update_or_create(
            staff=staff, name=name, defaults={"query": query[:1000]}
        )
    return view


def saved_view_delete(*, view: SavedView) -> None:
    view.delete()


def template_create(*, title: str, body_ru: str, body_en: str) -> AnswerTemplate:
    title = title.strip()[:200]
    if not title:
        raise CaseError("empty_text")
    return AnswerTemplate.objects.create(
        title=title, body_ru=_clean_text(body_ru), body_en=body_en.strip()[:MAX_TEXT]
    )


def deadline_add(*, request: Request, label: str, due: date, by: Staff) -> Deadline:
    label = _clean_text(label)[:200]
    with transaction.atomic():
        deadline = Deadline.objects.create(
            request=request,
            kind="manual",
            label_sealed=crypto.encrypt(request.key, label, context=DEADLINE_CONTEXT),
            due=due,
            source=Deadline.Source.MANUAL,
        )
        Entry.sealed_create(
            request=request,
            kind=Entry.Kind.NOTE,
            author=by,
            text=label,
            data={"deadline": due.isoformat()},
        )
        audit_record(
            actor=by, action=AuditAction.DEADLINE, object_type="request", object_id=request.pk
        )
    return deadline


def deadline_done(*, deadline: Deadline, by: Staff) -> None:
    with transaction.atomic():
        deadline.done_at = timezone.now()
        deadline.save(update_fields=["done_at"])
        audit_record(
            actor=by,
            action=AuditAction.DEADLINE_DONE,
            object_type="request",
            object_id=deadline.request_id,
        )


# Crypto-shredding


def requests_shred(
    *, requests: Iterable[Request], by: Staff | None, action: AuditAction | str = AuditAction.SHRED
) -> int:
    """Destroy these requests' data keys, so their personal data is unreadable everywhere; the
    ciphertexts, sealed timeline entries and deadlines go too, and local backups are scrubbed
    after the commit, then the WAL is checkpointed. Needs no key, so retention runs while
    sealed. The clear triage columns stay, so the statistics still count the case. An open
    request (erased by its requester) is closed as withdrawn. Returns how many were shredded."""
    ids = [r.pk for r in requests if r.shredded_at is None]
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        Request.objects.filter(pk__in=ids, status__in=OPEN_STATUSES).update(
            status=Status.CLOSED, outcome="withdrawn", closed_at=now
        )
        Request.objects.filter(pk__in=ids).update(
            sealed_key=b"",
            receipt_key=b"",
            personal_data=b"",
            # Its documents' keys open only with it (documents.models.Document.key_box): gone,
            # they are unreadable at once, even while sealed, when nothing can find them yet.
            case_secret=b"",
            name_index="",
            secret_hash="",
            shredded_at=now,
            updated_at=now,
        )
        Entry.objects.filter(request_id__in=ids).exclude(sealed=b"").delete()
        NameWord.objects.filter(request_id__in=ids).delete()
        Deadline.objects.filter(request_id__in=ids).delete()
        for pk in ids:
            audit_record(actor=by, action=action, object_type="request", object_id=pk)
        requests_shredded.send(sender=Request, ids=ids)
        transaction.on_commit(lambda: _after_shredding(ids))
    return len(ids)


def _after_shredding(ids: list[int]) -> None:
    storage.shreds_record(ids)  # first: a restore of a backup taken before shreds them again
    storage.wal_checkpoint()
    storage.backups_scrub(ids)


def requests_shred_expired(*, now: datetime | None = None) -> int:
    """Shred the cases closed more than RETENTION_DAYS ago. Runs hourly from `objector run`,
    and from cron with `objector shred --expired`."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)
    expired = Request.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, shredded_at=None
    ).only("pk", "shredded_at")
    return requests_shred(requests=list(expired), by=None, action=AuditAction.SHRED_EXPIRED)
