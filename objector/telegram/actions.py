"""The bot's durable side: the inbox, the conversations, the outbox. Every function here is
synchronous and short; the runner (objector/telegram/runner.py) calls them from one database
thread while its network calls run on the event loop.

The guarantees (issue #5):
- an update is stored in the inbox before Telegram is told it arrived;
- an update's effects (the new state, the request, the replies to send) commit in the same
  transaction that marks it processed, so a crash repeats none of them and loses none;
- a reply is made only after that commit, from the outbox, and retried until Telegram takes it.
  Telegram has no idempotency key, so a crash between a send and its record can repeat that one
  message: delivery is at least once, and the repeats are counted by the crash test.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from objector.cases.actions import message_receive, requests_shred
from objector.cases.models import Entry
from objector.documents.actions import EvidenceError, case_seal, case_tags, document_store
from objector.documents.models import Document
from objector.extraction.reader import DocumentError
from objector.intake.actions import receipt_secret_under, request_create
from objector.intake.models import Request, requests_open
from objector.intake.receipt import summarize, summary_text
from objector.intake.texts import ui as intake_ui
from objector.law.render import render_text
from objector.vault import crypto
from objector.vault.keys import NotReady, VaultSealed
from objector.vault.tagging import sealed_ids_open, sealed_tags_fill

from . import conversation as conv
from .keys import SOURCE_CONTEXT, attachment_source_request, box_key, chat_key, user_index
from .models import Attachment, Chat, InboxUpdate, Outbox
from .texts import t

log = logging.getLogger(__name__)

INBOX_CONTEXT = "telegram.inbox"
OUTBOX_CONTEXT = "telegram.outbox"
STATE_CONTEXT = "telegram.chat.state"
REQUEST_KEY_CONTEXT = "telegram.chat.request_key"
CHAT_ID_CONTEXT = "telegram.chat.id"
ATTACHMENT_CONTEXT = "telegram.attachment.content"
# An update that fails this many times is set aside (kept, sealed, with its error's class), so
# that one malformed update cannot stop everyone else's.
MAX_ATTEMPTS = 5
KEEP_INBOX = timedelta(days=2)  # Telegram re-delivers for 24 hours at most


class BadUpdate(ValueError):
    """An update without a whole-number update_id."""


# The inbox


def inbox_store(updates: list[dict[str, Any]]) -> int:
    """Store a batch of updates, in one transaction; one already stored is left as it is.
    Returns how many were new."""
    key = box_key()
    rows = []
    for update in updates:
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if type(update_id) is not int:
            raise BadUpdate("an update needs a whole-number update_id")
        payload = crypto.encrypt(key, json.dumps(update, ensure_ascii=False), context=INBOX_CONTEXT)
        rows.append(InboxUpdate(update_id=update_id, payload=payload))
    if not rows:
        return 0
    with transaction.atomic():
        before = InboxUpdate.objects.filter(pk__in=[r.pk for r in rows]).count()
        InboxUpdate.objects.bulk_create(rows, ignore_conflicts=True)
    return len({r.pk for r in rows}) - before


def inbox_offset() -> int | None:
    """The getUpdates offset to resume from: one past the newest update stored."""
    newest = InboxUpdate.objects.order_by("-update_id").values_list("update_id", flat=True).first()
    return None if newest is None else newest + 1


def inbox_process(*, limit: int = 200) -> int:
    """Process the oldest pending updates, in order, in one transaction (one disk flush for the
    batch), each under its own savepoint. The batch's conversations are read in one query and
    written back, with its replies, in a few bulk statements at the end. Returns how many
    updates were handled."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            InboxUpdate.objects.select_for_update(skip_locked=True)
            .filter(processed_at=None)
            .order_by("update_id")[:limit]
        )
        if not rows:
            return 0
        # Read one by one: an update that is not Telegram's (the webhook stores any object with
        # a whole-number update_id) fails alone below, instead of failing every batch it is in.
        key = box_key()
        decoded = [_decode(row, key) for row in rows]
        batch = _Batch([d for d in decoded if isinstance(d, conv.Incoming)])
        done: list[int] = []
        for row, incoming in zip(rows, decoded, strict=True):
            try:
                if isinstance(incoming, Exception):
                    raise incoming
                with transaction.atomic():
                    if incoming is not None:
                        batch.process(incoming)
                done.append(row.pk)
            except DatabaseError:
                raise  # the database, not the update: the whole batch is tried again
            except Exception as exc:
                # Logged by class only: an exception's text can quote what the person wrote.
                log.error("telegram update %s failed: %s", row.pk, type(exc).__name__)
                row.attempts += 1
                row.error = type(exc).__name__[:64]
                if row.attempts >= MAX_ATTEMPTS:
                    row.processed_at = now
                row.save(update_fields=["attempts", "error", "processed_at"])
        batch.write()
        InboxUpdate.objects.filter(pk__in=done).update(processed_at=now, payload=b"")
    return len(rows)


def _decode(row: InboxUpdate, key: bytes) -> conv.Incoming | Exception | None:
    """What a stored update says, or why it cannot be read."""
    try:
        update = json.loads(crypto.decrypt(key, bytes(row.payload), context=INBOX_CONTEXT))
        return conv.parse_update(update)
    except (crypto.VaultError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return exc


# One batch of updates

CHAT_FIELDS = ("state", "updated_at", "request", "request_key", "chat_id_sealed")


class _Batch:
    """The conversations of one batch, changed in memory and written together. What an update
    changes is kept only if it succeeds: on an exception its savepoint rolls back the database,
    and `process` puts the chat and the queued calls back as they were."""

    def __init__(self, incoming: list[conv.Incoming]) -> None:
        indexes = {user_index(i.user_id) for i in incoming}
        self.chats = {
            c.user_index: c
            for c in Chat.objects.filter(user_index__in=indexes).select_related("request")
        }
        # Questions still in the chats, to delete once answered: (row id, message id or None).
        self.prompts: dict[str, list[tuple[int, int | None]]] = {}
        for pk, chat_index, message_id in Outbox.objects.filter(
            chat__user_index__in=indexes, prompt=True, swept=False
        ).values_list("pk", "chat__user_index", "message_id"):
            self.prompts.setdefault(chat_index, []).append((pk, message_id))
        self.swept: list[int] = []
        self.outbox: list[Outbox] = []
        self.new_prompts: dict[str, list[Outbox]] = {}  # queued in this batch, by chat
        self.gone: list[Chat] = []
        self.limits = conv.Limits(flood_messages=settings.TELEGRAM_FLOOD)
        self.today = timezone.localdate()

    def process(self, incoming: conv.Incoming) -> None:
        index = user_index(incoming.user_id)
        chat = self.chats.get(index) or Chat(user_index=index)
        before = {f: getattr(chat, f) for f in (*CHAT_FIELDS, "pk")}
        marks = (len(self.outbox), len(self.swept), list(self.prompts.get(index, [])))
        new_prompts = list(self.new_prompts.get(index, []))
        try:
            self._process(incoming, index, chat)
        except BaseException:
            for field, value in before.items():
                setattr(chat, field, value)
            chat._state.adding = chat.pk is None
            del self.outbox[marks[0] :], self.swept[marks[1] :]
            self.prompts[index] = marks[2]
            self.new_prompts[index] = new_prompts
            raise

    def _process(self, incoming: conv.Incoming, index: str, chat: Chat) -> None:
        key = chat_key(incoming.user_id)
        state = conv.State.load(
            crypto.decrypt(key, bytes(chat.state), context=STATE_CONTEXT) if chat.state else ""
        )
        request = _chat_request(chat, key)
        state, effects = conv.handle(
            state,
            incoming,
            has_request=request is not None,
            today=self.today,
            now=time.time(),
            limits=self.limits,
        )
        chat.state = crypto.encrypt(key, state.dump(), context=STATE_CONTEXT)
        chat.updated_at = timezone.now()
        self.chats[index] = chat
        ctx = _Context(self, incoming, index, chat, key, request, [])
        for effect in effects:
            _perform(ctx, effect, state)
            if isinstance(effect, conv.Erase):
                return
        if ctx.deletions:
            ctx.call("deleteMessages", message_ids=sorted(set(ctx.deletions)))

    def write(self) -> None:
        # One upsert for new and known conversations alike (a CASE per field, as bulk_update
        # writes, costs several times more); it gives the new ones their ids for the outbox.
        Chat.objects.bulk_create(
            [c for c in self.chats.values() if c not in self.gone],
            update_conflicts=True,
            unique_fields=["user_index"],
            update_fields=CHAT_FIELDS,
        )
        Outbox.objects.bulk_create(o for o in self.outbox if o.chat not in self.gone)
        Outbox.objects.filter(pk__in=self.swept).update(swept=True)


@dataclass
class _Context:
    batch: _Batch
    incoming: conv.Incoming
    index: str
    chat: Chat
    key: bytes  # the chat key
    request: Request | None
    deletions: list[int]

    def call(self, method: str, *, prompt: bool = False, **params: Any) -> None:
        params = {"chat_id": self.incoming.chat_id, **params}
        rows = outbox_rows(self.chat, method, params, prompt=prompt)
        self.batch.outbox.extend(rows)
        if prompt:
            self.batch.new_prompts.setdefault(self.index, []).extend(rows)

    def sweep(self) -> None:
        """Delete the questions already answered: those sent now, and those still to be sent
        or whose id the sender has not recorded yet, which it deletes once it knows the id
        (outbox_record)."""
        for pk, message_id in self.batch.prompts.pop(self.index, []):
            self.batch.swept.append(pk)
            if message_id:
                self.deletions.append(message_id)
        for row in self.batch.new_prompts.pop(self.index, []):
            row.swept = True


def _chat_request(chat: Chat, key: bytes) -> Request | None:
    """The chat's request, opened with the copy of its data key the chat holds; None when there
    is none, or it was shredded."""
    request = chat.request
    if request is None or request.shredded_at is not None or not chat.request_key:
        return None
    data_key = crypto.decrypt(key, bytes(chat.request_key), context=REQUEST_KEY_CONTEXT)
    request.open(bytes.fromhex(data_key))
    return request


# Telegram's limit on one message's text.
MESSAGE_LIMIT = 4096
# Deletions wait this long, so that several of one chat's go in one deleteMessages call.
DELETE_DELAY = timedelta(seconds=5)


def outbox_rows(
    chat: Chat | None, method: str, params: dict[str, Any], *, prompt: bool = False
) -> list[Outbox]:
    """The rows for one Bot API call; a text longer than one message goes as several, in order."""
    parts = [params]
    if method == "sendMessage" and len(params["text"]) > MESSAGE_LIMIT:
        text, markup = params["text"], params.get("reply_markup")
        chunks = [text[i : i + MESSAGE_LIMIT] for i in range(0, len(text), MESSAGE_LIMIT)]
        parts = [{"chat_id": params["chat_id"], "text": chunk} for chunk in chunks]
        if markup:
            parts[-1]["reply_markup"] = markup
    key = box_key()
    now = timezone.now()
    return [
        Outbox(
            chat=chat,
            method=method,
            prompt=prompt,
            not_before=now + DELETE_DELAY if method == "deleteMessages" else now,
            payload=crypto.encrypt(
                key,
                json.dumps({"method": method, "params": part}, ensure_ascii=False),
                context=OUTBOX_CONTEXT,
            ),
        )
        for part in parts
    ]


def outbox_add(
    chat: Chat | None, method: str, params: dict[str, Any], *, prompt: bool = False
) -> None:
    """Queue a Bot API call now (outside a batch: a lawyer's answer, a file's fate)."""
    Outbox.objects.bulk_create(outbox_rows(chat, method, params, prompt=prompt))


def _markup(buttons: tuple[tuple[conv.Button, ...], ...]) -> dict[str, Any]:
    return {
        "inline_keyboard": [
            [{"text": b.text, "callback_data": b.data} for b in row] for row in buttons
        ]
    }


def _perform(ctx: _Context, effect: conv.Effect, state: conv.State) -> None:
    lang = state.lang
    match effect:
        case conv.Say(text=text, buttons=buttons, prompt=prompt):
            params: dict[str, Any] = {"text": text}
            if buttons:
                params["reply_markup"] = _markup(buttons)
            ctx.call("sendMessage", prompt=prompt, **params)
        case conv.Delete(message_id=message_id):
            ctx.deletions.append(message_id)
        case conv.AnswerCallback(callback_id=callback_id, text=text):
            params = {"callback_query_id": callback_id}
            if text:
                params["text"] = text
            ctx.batch.outbox.extend(outbox_rows(ctx.chat, "answerCallbackQuery", params))
        case conv.EditButtons(message_id=message_id, buttons=buttons):
            ctx.call("editMessageReplyMarkup", message_id=message_id, reply_markup=_markup(buttons))
        case conv.SweepPrompts():
            ctx.sweep()
        case conv.Submit(answers=answers, idempotency=idempotency):
            _submit(ctx, answers, idempotency, lang)
        case conv.Forward(text=text):
            assert ctx.request is not None  # noqa: S101 - handle() forwards only with a request
            message_receive(request=ctx.request, text=text)
        case conv.Attach(file=file):
            assert ctx.request is not None  # noqa: S101
            if ctx.chat.pk is None:
                ctx.chat.save()  # a request made in this very batch: the file needs its chat
            # The data key travels with the file id until the file is stored, then both go:
            # the fetcher has no Telegram id to derive the chat key from.
            # So do the request's and the chat's ids: in the clear, they tied the stored file
            # to the request in a copy of the disk (round 11b). The request stays sealed.
            source = {
                **file,
                "data_key": ctx.request.key.hex(),
                "request": ctx.request.pk,
                "chat": ctx.chat.pk,
            }
            Attachment.objects.create(
                request_sealed=case_seal(ctx.request.pk),
                request_tag=_request_tag(ctx.request.pk),
                source=crypto.encrypt(box_key(), json.dumps(source), context=SOURCE_CONTEXT),
            )
        case conv.ShowStatus():
            ctx.call("sendMessage", text=status_text(ctx.request, lang))
        case conv.Erase():
            _erase(ctx, lang)


def _submit(ctx: _Context, answers: dict[str, Any], idempotency: str, lang: str) -> None:
    try:
        request, secret = request_create(
            answers=answers,
            channel=Request.Channel.TELEGRAM,
            language=lang,
            idempotency_key=f"telegram:{ctx.chat.user_index}:{idempotency}",
            today=timezone.localdate(),
            # A replay after a crash must find the same request with the same receipt: the
            # secret comes from the chat key, which is stored nowhere (issue #13).
            secret=receipt_secret_under(ctx.key, idempotency),
        )
    except NotReady:
        ctx.call("sendMessage", text=t("not_ready", lang))
        return
    data_key = request.key
    ctx.chat.request = request
    ctx.chat.request_key = crypto.encrypt(ctx.key, data_key.hex(), context=REQUEST_KEY_CONTEXT)
    ctx.chat.chat_id_sealed = crypto.encrypt(
        data_key, str(ctx.incoming.chat_id), context=CHAT_ID_CONTEXT
    )
    ctx.request = request  # the chat is written with the batch
    # The same plain-language summary as the web receipt, then the legal detail.
    with translation.override(lang):
        summary = summarize(
            request.assessment,
            lang=lang,
            today=timezone.localdate(),
            contact_method=request.personal["contact_method"],
            events={e["type"] for e in request.facts["events"]},
        )
        plain = summary_text(summary)
    text = t(
        "receipt",
        lang,
        reference=request.reference,
        secret=secret,
        assessment=f"{plain}\n\n{render_text(request.assessment, lang)}",
        url=f"{settings.PUBLIC_URL}/intake/status",
    )
    ctx.call("sendMessage", text=text)


def status_text(request: Request | None, lang: str) -> str:
    """The request's status and the lawyer's answers, newest last."""
    if request is None:
        return t("gone", lang)
    status = intake_ui(lang).get(f"status_{request.status}", request.status)
    lines = [t("status", lang, reference=request.reference, status=status)]
    answers = list(
        Entry.objects.filter(request=request, kind=Entry.Kind.MESSAGE_OUT).order_by("-created_at")[
            :5
        ]
    )
    for entry in reversed(answers):
        entry.open(request.key)
        lines.append(t("answer", lang, date=entry.created_at.date().isoformat(), text=entry.text))
    if not answers:
        lines.append(t("no_answers", lang))
    return "\n\n".join(lines)


def _erase(ctx: _Context, lang: str) -> None:
    """The requester's /delete: their request is crypto-shredded through the vault (which, by
    the requests_shredded signal, deletes this chat and its files); with no request yet, the
    conversation itself is deleted."""
    if ctx.request is not None:
        requests_shred(requests=[ctx.request], by=None, action="requester_erase")
    if ctx.chat.pk is not None:
        Chat.objects.filter(pk=ctx.chat.pk).delete()
    ctx.batch.gone.append(ctx.chat)
    ctx.batch.chats.pop(ctx.index, None)
    ctx.batch.prompts.pop(ctx.index, None)
    chat_id = ctx.incoming.chat_id
    deletions = sorted(set(ctx.deletions))
    ctx.deletions.clear()
    if deletions:
        rows = outbox_rows(None, "deleteMessages", {"chat_id": chat_id, "message_ids": deletions})
        ctx.batch.outbox.extend(rows)
    ctx.batch.outbox.extend(
        outbox_rows(None, "sendMessage", {"chat_id": chat_id, "text": t("erased", lang)})
    )


# The lawyer's side


def answer_deliver(*, request: Request, text: str) -> bool:
    """Queue a lawyer's answer for the requester's chat. The request must be opened (staff
    hold its key). Returns False when the requester has no chat any more."""
    body = t("answer", request.language, date=timezone.localdate().isoformat(), text=text)
    return _send_to_requester(Chat.objects.filter(request=request).first(), request, body)


def _send_to_requester(chat: Chat | None, request: Request, text: str) -> bool:
    """Queue a message to the chat a request came from, whose id only the request's (opened)
    data key reads. False when there is no such chat any more."""
    if chat is None or not chat.chat_id_sealed:
        return False
    chat_id = int(crypto.decrypt(request.key, bytes(chat.chat_id_sealed), context=CHAT_ID_CONTEXT))
    outbox_add(chat, "sendMessage", {"chat_id": chat_id, "text": text})
    return True


def chats_forget(request_ids: list[int]) -> None:
    """Shredded requests: their chats and files go too. The receipts of files still waiting
    are found by their source (box_key(), held while sealed too); the others by their tag,
    only while unlocked: shredded while sealed, they go at the next unlock (the case is noted
    by documents.ShreddedCase; receivers.attachments_forget_pending)."""
    ids = {int(pk) for pk in request_ids}
    waiting = Attachment.objects.filter(status=Attachment.Status.PENDING).exclude(source=b"")
    Attachment.objects.filter(
        pk__in=[
            pk
            for pk, source in waiting.values_list("pk", "source")
            if (attachment_source_request(bytes(source)) or 0) in ids
        ]
    ).delete()
    with contextlib.suppress(VaultSealed, NotReady):  # noted: at the next unlock, as said
        attachments_forget(list(ids))
    Chat.objects.filter(request_id__in=request_ids).delete()


def _request_tag(pk: int) -> str | None:
    """A new receipt's tag: None while sealed (attachment_tags_fill sets it once unlocked)."""
    try:
        [tag] = case_tags([pk])
    except VaultSealed:
        return None
    return tag


def attachment_tags_fill(*, batch: int = 200) -> int:
    """Tag the receipts stored since the last unlock (and those the migration of round 11b
    sealed): their request's keyed tag, as documents'. VaultSealed while sealed."""
    return sealed_tags_fill(
        Attachment, sealed="request_sealed", tag="request_tag", id_tags=case_tags, batch=batch
    )


def attachments_forget(request_ids: list[int]) -> int:
    """Delete the receipts of these (shredded) requests, found by their tag (VaultSealed while
    sealed)."""
    if not request_ids:
        return 0
    attachment_tags_fill()
    deleted, _ = Attachment.objects.filter(request_tag__in=case_tags(request_ids)).delete()
    return deleted


def attachment_requests(attachments: list[Attachment]) -> dict[int, int]:
    """The request of each of these receipts (attachment id -> request id), opened in one round
    trip (VaultSealed while sealed)."""
    return sealed_ids_open(attachments, "request_sealed")


# The outbox


@dataclass(frozen=True)
class Call:
    pks: tuple[int, ...]  # the rows it makes: several deletions of one chat go as one call
    method: str
    params: dict[str, Any]
    prompt: bool = False


# Calls made per sender round, then recorded in one commit. A crash inside a round can repeat
# at most this many replies (tests/telegram/test_crash.py counts them).
OUTBOX_ROUND = 200


def outbox_due(*, limit: int = OUTBOX_ROUND) -> list[Call]:
    """The calls to make now, oldest first. A chat with a message waiting (after a 429 or a
    network error) gets nothing newer until that one is made, so its messages keep their
    order; deletions need no order, and one chat's are merged into one call."""
    now = timezone.now()
    pending = Outbox.objects.filter(sent_at=None)
    waiting = set(
        pending.filter(not_before__gt=now)
        .exclude(method="deleteMessages")
        .values_list("chat_id", flat=True)
    )
    rows = pending.filter(not_before__lte=now).exclude(method="deleteMessages").order_by("id")
    key = box_key()
    calls: list[Call] = []
    for pk, chat, prompt, payload in rows[:limit].values_list("pk", "chat_id", "prompt", "payload"):
        if chat is not None and chat in waiting:
            continue
        body = json.loads(crypto.decrypt(key, bytes(payload), context=OUTBOX_CONTEXT))
        calls.append(Call((pk,), body["method"], body["params"], prompt))
    return calls + _deletions_due(pending.filter(method="deleteMessages"), now, key, limit)


def _deletions_due(pending: Any, now: Any, key: bytes, limit: int) -> list[Call]:
    """One deleteMessages call per chat whose oldest deletion is due, taking along the chat's
    newer ones: a person answering quickly has several answers deleted in one call."""
    due = pending.filter(not_before__lte=now)
    chats = list(due.exclude(chat=None).values_list("chat_id", flat=True).distinct()[:limit])
    rows = pending.filter(Q(chat_id__in=chats) | Q(chat=None, not_before__lte=now))
    by_chat: dict[int, tuple[list[int], list[int]]] = {}  # Telegram chat -> rows, message ids
    for pk, payload in rows.order_by("id").values_list("pk", "payload"):
        params = json.loads(crypto.decrypt(key, bytes(payload), context=OUTBOX_CONTEXT))["params"]
        pks, ids = by_chat.setdefault(params["chat_id"], ([], []))
        if len(ids) + len(params["message_ids"]) <= 100:  # the Bot API's limit
            pks.append(pk)
            ids.extend(params["message_ids"])
    return [
        Call(tuple(pks), "deleteMessages", {"chat_id": chat_id, "message_ids": sorted(set(ids))})
        for chat_id, (pks, ids) in by_chat.items()
    ]


@dataclass(frozen=True)
class Outcome:
    call: Call
    sent: bool  # made (or refused for good, with `error`): not to be tried again
    message_id: int | None = None  # of a question, to delete it once answered
    retry_after: float = 0.0
    error: str = ""


def outbox_record(outcomes: list[Outcome]) -> None:
    """What became of a batch of calls, in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        made = [o for o in outcomes if o.sent]
        Outbox.objects.filter(pk__in=[pk for o in made for pk in o.call.pks]).update(
            sent_at=now, payload=b""
        )
        refused = [o for o in made if o.error]
        for error in {o.error for o in refused}:
            pks = [pk for o in refused if o.error == error for pk in o.call.pks]
            Outbox.objects.filter(pk__in=pks).update(error=error)
        prompts = {o.call.pks[0]: o for o in made if o.message_id is not None}
        if prompts:
            rows = list(Outbox.objects.filter(pk__in=prompts).select_related("chat"))
            for row in rows:
                row.message_id = prompts[row.pk].message_id
            Outbox.objects.bulk_update(rows, ["message_id"])
            # Answered before its id was known (the batch marked it swept): delete it now.
            Outbox.objects.bulk_create(
                o
                for row in rows
                if row.swept
                for o in outbox_rows(
                    row.chat,
                    "deleteMessages",
                    {
                        "chat_id": prompts[row.pk].call.params["chat_id"],
                        "message_ids": [row.message_id],
                    },
                )
            )
        for o in outcomes:
            if not o.sent:
                for row in Outbox.objects.filter(pk__in=o.call.pks).only("attempts"):
                    wait = o.retry_after or min(2 ** min(row.attempts, 8), 300)
                    Outbox.objects.filter(pk=row.pk).update(
                        attempts=row.attempts + 1,
                        not_before=now + timedelta(seconds=wait),
                        error=o.error,
                    )


# Files


@dataclass(frozen=True)
class Fetch:
    pk: int
    file_id: str


def attachments_due(*, limit: int = 20) -> list[Fetch]:
    rows = Attachment.objects.filter(status=Attachment.Status.PENDING).order_by("id")[:limit]
    found = []
    for pk, source in rows.values_list("pk", "source"):
        file = json.loads(crypto.decrypt(box_key(), bytes(source), context=SOURCE_CONTEXT))
        found.append(Fetch(pk, file["file_id"]))
    return found


# A file the evidence store refuses, as the bot tells the requester why.
REFUSALS = {"too_large": "file_too_big", "unsupported": "file_type", "empty": "file_type"}


def attachment_store(pk: int, content: bytes | None, *, refusal: str = "") -> None:
    """Hand a fetched file to the evidence store (objector.documents), which checks it by its
    content, encrypts it and queues its extraction, and put it on the timeline; or refuse it
    (`refusal` is a text key) and tell the requester why. Nothing is kept of a refused file."""
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None or attachment.status != Attachment.Status.PENDING:
        return
    source = json.loads(crypto.decrypt(box_key(), bytes(attachment.source), context=SOURCE_CONTEXT))
    request = Request.objects.get(pk=source["request"])
    chat = Chat.objects.filter(pk=source["chat"]).first() if source.get("chat") else None
    request.open(bytes.fromhex(source["data_key"]))
    if not refusal and content is not None and len(content) > conv.MAX_FILE_BYTES:
        refusal = "file_too_big"
    with transaction.atomic():
        attachment.source = b""
        document = None
        if not refusal and content is not None:
            try:
                document = _to_evidence(attachment, content, request, source.get("name", ""))
            except DocumentError as exc:
                refusal = REFUSALS.get(exc.code, "file_damaged")
            except EvidenceError:  # its request was shredded meanwhile: so was this receipt
                return
        if document is None or content is None:
            attachment.status = Attachment.Status.REFUSED
            attachment.error = refusal or "file_unreachable"
            attachment.save(update_fields=["status", "error", "source"])
            _tell(chat, request, attachment.error)
            return
        attachment.status = Attachment.Status.STORED
        # The hash is kept sealed only (the entry's, the document's): in the clear, whoever holds
        # the file could find it in a copy of the disk (red team, round 9).
        # Its size is sealed too (the document's, the entry's): in the clear it found the file
        # by its length (red team, round 10, finding 2).
        attachment.mime, attachment.size = document.mime, 0
        attachment.stored_at = timezone.now()
        attachment.save()
        Entry.sealed_create(
            request=request,
            kind=Entry.Kind.MESSAGE_IN,
            text=f"📎 {document.mime}, {max(len(content) // 1024, 1)} KB",
            data={
                "attachment": attachment.pk,
                "document": document.pk,
                "sha256": hashlib.sha256(content).hexdigest(),
            },
        )
        _tell(chat, request, "file_stored")


def _to_evidence(
    attachment: Attachment, content: bytes, request: Request, name: str = ""
) -> Document:
    """The file as evidence on its case, uploaded by the requester through the bot."""
    return document_store(
        content=content,
        filename=name or f"telegram-{attachment.pk}",
        channel=Document.Channel.TELEGRAM,
        by=None,
        case=request,
    )


def attachments_adopt(*, limit: int = 200) -> int:
    """Files the bot stored before the evidence store existed (content under the request's key)
    move into it, so that staff can open them. Needs the vault unlocked (VaultSealed)."""
    rows = list(
        Attachment.objects.filter(status=Attachment.Status.STORED, error="").exclude(content=b"")[
            :limit
        ]
    )
    if not rows:
        return 0
    of = attachment_requests(rows)
    requests = Request.objects.filter(shredded_at=None).in_bulk(set(of.values()))
    requests_open(requests.values())
    for attachment in rows:
        request = requests.get(of.get(attachment.pk, 0))
        if request is None:  # its request shredded: the receipt goes with it (chats_forget)
            continue
        content = crypto.decrypt_bytes(
            request.key, bytes(attachment.content), context=ATTACHMENT_CONTEXT
        )
        with transaction.atomic():
            try:
                _to_evidence(attachment, content, request)
            except DocumentError as exc:
                # Kept where it is, not thrown away, and not tried again every hour.
                Attachment.objects.filter(pk=attachment.pk).update(error=f"adopt:{exc.code}")
                continue
            Attachment.objects.filter(pk=attachment.pk).update(content=b"")
    return len(rows)


def attachment_fail(pk: int, error: str) -> None:
    """A fetch that did not work: tried again later, and refused after MAX_ATTEMPTS."""
    attachment = Attachment.objects.filter(pk=pk, status=Attachment.Status.PENDING).first()
    if attachment is None:
        return
    if attachment.attempts + 1 >= MAX_ATTEMPTS:
        attachment_store(pk, None, refusal="file_unreachable")
        return
    Attachment.objects.filter(pk=pk).update(attempts=attachment.attempts + 1, error=error[:64])


def _tell(chat: Chat | None, request: Request, key: str) -> None:
    _send_to_requester(chat, request, t(key, request.language))


# Housekeeping


def housekeeping() -> dict[str, int]:
    """Forget what is no longer needed: handled updates past Telegram's re-delivery window, sent
    calls, and conversations abandoned before they became a request."""
    now = timezone.now()
    offset = inbox_offset()
    inbox = (
        InboxUpdate.objects.filter(received_at__lt=now - KEEP_INBOX)
        .exclude(processed_at=None)
        .exclude(update_id=(offset or 0) - 1)  # the newest: polling resumes after it
        .delete()[0]
    )
    outbox = (
        Outbox.objects.filter(sent_at__lt=now - KEEP_INBOX)
        .filter(Q(prompt=False) | Q(swept=True))
        .delete()[0]
    )
    idle = (
        Chat.objects.filter(
            request=None, updated_at__lt=now - timedelta(days=settings.TELEGRAM_IDLE_DAYS)
        )
        .delete()[1]  # by model: the chat's queued calls go with it, not counted here
        .get("telegram.Chat", 0)
    )
    return {"inbox": inbox, "outbox": outbox, "chats": idle}
