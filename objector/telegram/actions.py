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
from django.utils import timezone

from objector.cases.actions import message_receive, requests_shred
from objector.cases.models import Entry
from objector.intake.actions import request_create
from objector.intake.models import Request
from objector.intake.texts import ui as intake_ui
from objector.law.render import render_text
from objector.vault import crypto
from objector.vault.keys import NotReady

from . import conversation as conv
from .keys import box_key, chat_key, user_index
from .models import Attachment, Chat, InboxUpdate, Outbox
from .texts import t

log = logging.getLogger(__name__)

INBOX_CONTEXT = "telegram.inbox"
OUTBOX_CONTEXT = "telegram.outbox"
STATE_CONTEXT = "telegram.chat.state"
REQUEST_KEY_CONTEXT = "telegram.chat.request_key"
CHAT_ID_CONTEXT = "telegram.chat.id"
SOURCE_CONTEXT = "telegram.attachment.source"
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
    batch), each under its own savepoint. Returns how many were handled."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            InboxUpdate.objects.select_for_update(skip_locked=True)
            .filter(processed_at=None)
            .order_by("update_id")[:limit]
        )
        done: list[int] = []
        for row in rows:
            try:
                with transaction.atomic():
                    update = json.loads(
                        crypto.decrypt(box_key(), bytes(row.payload), context=INBOX_CONTEXT)
                    )
                    update_process(update)
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
        InboxUpdate.objects.filter(pk__in=done).update(processed_at=now, payload=b"")
    return len(rows)


# One update


@dataclass
class _Context:
    incoming: conv.Incoming
    chat: Chat
    key: bytes  # the chat key
    request: Request | None
    deletions: list[int]


def update_process(update: dict[str, Any]) -> None:
    incoming = conv.parse_update(update)
    if incoming is None:
        return
    index = user_index(incoming.user_id)
    chat = Chat.objects.filter(user_index=index).select_related("request").first()
    if chat is None:
        chat = Chat(user_index=index)
    key = chat_key(incoming.user_id)
    state = conv.State.load(
        crypto.decrypt(key, bytes(chat.state), context=STATE_CONTEXT) if chat.state else ""
    )
    request = _chat_request(chat, key)
    state, effects = conv.handle(
        state,
        incoming,
        has_request=request is not None,
        today=timezone.localdate(),
        now=time.time(),
        limits=conv.Limits(flood_messages=settings.TELEGRAM_FLOOD),
    )
    chat.state = crypto.encrypt(key, state.dump(), context=STATE_CONTEXT)
    chat.updated_at = timezone.now()
    chat.save()
    ctx = _Context(incoming, chat, key, request, [])
    for effect in effects:
        _perform(ctx, effect, state)
        if isinstance(effect, conv.Erase):
            return
    if ctx.deletions:
        _call(ctx, "deleteMessages", message_ids=sorted(set(ctx.deletions)))


def _chat_request(chat: Chat, key: bytes) -> Request | None:
    """The chat's request, opened with the copy of its data key the chat holds; None when there
    is none, or it was shredded."""
    request = chat.request
    if request is None or request.shredded_at is not None or not chat.request_key:
        return None
    data_key = crypto.decrypt(key, bytes(chat.request_key), context=REQUEST_KEY_CONTEXT)
    request.open(bytes.fromhex(data_key))
    return request


def _call(ctx: _Context, method: str, *, prompt: bool = False, **params: Any) -> None:
    outbox_add(ctx.chat, method, {"chat_id": ctx.incoming.chat_id, **params}, prompt=prompt)


def outbox_add(
    chat: Chat | None, method: str, params: dict[str, Any], *, prompt: bool = False
) -> None:
    payload = json.dumps({"method": method, "params": params}, ensure_ascii=False)
    Outbox.objects.create(
        chat=chat,
        prompt=prompt,
        payload=crypto.encrypt(box_key(), payload, context=OUTBOX_CONTEXT),
    )


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
            _call(ctx, "sendMessage", prompt=prompt, **params)
        case conv.Delete(message_id=message_id):
            ctx.deletions.append(message_id)
        case conv.AnswerCallback(callback_id=callback_id, text=text):
            params = {"callback_query_id": callback_id}
            if text:
                params["text"] = text
            outbox_add(ctx.chat, "answerCallbackQuery", params)
        case conv.EditButtons(message_id=message_id, buttons=buttons):
            _call(
                ctx, "editMessageReplyMarkup", message_id=message_id, reply_markup=_markup(buttons)
            )
        case conv.SweepPrompts():
            if ctx.chat.pk is not None:
                # A question whose id the sender has not recorded yet is marked too; the
                # sender deletes it once it knows the id (outbox_record).
                prompts = Outbox.objects.filter(chat=ctx.chat, prompt=True, swept=False)
                ctx.deletions.extend(m for m in prompts.values_list("message_id", flat=True) if m)
                prompts.update(swept=True)
        case conv.Submit(answers=answers, idempotency=idempotency):
            _submit(ctx, answers, idempotency, lang)
        case conv.Forward(text=text):
            assert ctx.request is not None  # noqa: S101 - handle() forwards only with a request
            message_receive(request=ctx.request, text=text)
        case conv.Attach(file=file):
            assert ctx.request is not None  # noqa: S101
            # The data key travels with the file id until the file is stored, then both go:
            # the fetcher has no Telegram id to derive the chat key from.
            source = {**file, "data_key": ctx.request.key.hex()}
            Attachment.objects.create(
                request=ctx.request,
                chat=ctx.chat,
                source=crypto.encrypt(box_key(), json.dumps(source), context=SOURCE_CONTEXT),
            )
        case conv.ShowStatus():
            _call(ctx, "sendMessage", text=status_text(ctx.request, lang))
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
        )
    except NotReady:
        _call(ctx, "sendMessage", text=t("not_ready", lang))
        return
    data_key = request.key
    ctx.chat.request = request
    ctx.chat.request_key = crypto.encrypt(ctx.key, data_key.hex(), context=REQUEST_KEY_CONTEXT)
    ctx.chat.chat_id_sealed = crypto.encrypt(
        data_key, str(ctx.incoming.chat_id), context=CHAT_ID_CONTEXT
    )
    ctx.chat.save(update_fields=["request", "request_key", "chat_id_sealed"])
    ctx.request = request
    text = t(
        "receipt",
        lang,
        reference=request.reference,
        secret=secret,
        assessment=render_text(request.assessment, lang),
        url=f"{settings.PUBLIC_URL}/intake/status",
    )
    _call(ctx, "sendMessage", text=text)


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
    Chat.objects.filter(pk=ctx.chat.pk).delete()
    deletions = sorted(set(ctx.deletions))
    ctx.deletions.clear()
    if deletions:
        outbox_add(
            None, "deleteMessages", {"chat_id": ctx.incoming.chat_id, "message_ids": deletions}
        )
    outbox_add(None, "sendMessage", {"chat_id": ctx.incoming.chat_id, "text": t("erased", lang)})


# The lawyer's side


def answer_deliver(*, request: Request, text: str) -> bool:
    """Queue a lawyer's answer for the requester's chat. The request must be opened (staff
    hold its key). Returns False when the requester has no chat any more."""
    chat = Chat.objects.filter(request=request).first()
    if chat is None or not chat.chat_id_sealed:
        return False
    chat_id = int(crypto.decrypt(request.key, bytes(chat.chat_id_sealed), context=CHAT_ID_CONTEXT))
    lang = request.language
    body = t("answer", lang, date=timezone.localdate().isoformat(), text=text)
    outbox_add(chat, "sendMessage", {"chat_id": chat_id, "text": body})
    return True


def chats_forget(request_ids: list[int]) -> None:
    """Shredded requests: their chats and files go too."""
    Attachment.objects.filter(request_id__in=request_ids).delete()
    Chat.objects.filter(request_id__in=request_ids).delete()


# The outbox


@dataclass(frozen=True)
class Call:
    pk: int
    method: str
    params: dict[str, Any]
    prompt: bool = False


def outbox_due(*, limit: int = 500) -> list[Call]:
    """The calls to make now, oldest first. A chat with a call waiting (after a 429 or a network
    error) gets nothing newer until that one is made, so its messages keep their order."""
    now = timezone.now()
    pending = Outbox.objects.filter(sent_at=None)
    waiting = set(pending.filter(not_before__gt=now).values_list("chat_id", flat=True))
    rows = pending.filter(not_before__lte=now).order_by("id")[:limit]
    key = box_key()
    calls = []
    for pk, chat, prompt, payload in rows.values_list("pk", "chat_id", "prompt", "payload"):
        if chat is not None and chat in waiting:
            continue
        body = json.loads(crypto.decrypt(key, bytes(payload), context=OUTBOX_CONTEXT))
        calls.append(Call(pk, body["method"], body["params"], prompt))
    return calls


@dataclass(frozen=True)
class Outcome:
    pk: int
    sent: bool  # made (or refused for good, with `error`): not to be tried again
    message_id: int | None = None  # of a question, to delete it once answered
    chat_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


def outbox_record(outcomes: list[Outcome]) -> None:
    """What became of a batch of calls, in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        sent = [o for o in outcomes if o.sent and o.message_id is None and not o.error]
        Outbox.objects.filter(pk__in=[o.pk for o in sent]).update(sent_at=now, payload=b"")
        for o in outcomes:
            if o.sent and (o.message_id is not None or o.error):
                made = Outbox.objects.filter(pk=o.pk)
                made.update(sent_at=now, payload=b"", message_id=o.message_id, error=o.error)
                swept = made.filter(swept=True).values_list("chat", flat=True).first()
                if o.message_id is not None and o.chat_id is not None and swept is not None:
                    # Answered before its id was recorded: delete it now.
                    chat = Chat.objects.filter(pk=swept).first()
                    outbox_add(
                        chat,
                        "deleteMessages",
                        {"chat_id": o.chat_id, "message_ids": [o.message_id]},
                    )
        for o in outcomes:
            if not o.sent:
                row = Outbox.objects.filter(pk=o.pk).only("attempts").first()
                if row is None:
                    continue
                wait = o.retry_after or min(2 ** min(row.attempts, 8), 300)
                Outbox.objects.filter(pk=o.pk).update(
                    attempts=row.attempts + 1,
                    not_before=now + timedelta(seconds=wait),
                    error=o.error,
                )


# Files


@dataclass(frozen=True)
class Fetch:
    pk: int
    file_id: str
    kind: str


def attachments_due(*, limit: int = 20) -> list[Fetch]:
    rows = Attachment.objects.filter(status=Attachment.Status.PENDING).order_by("id")[:limit]
    found = []
    for pk, source in rows.values_list("pk", "source"):
        file = json.loads(crypto.decrypt(box_key(), bytes(source), context=SOURCE_CONTEXT))
        found.append(Fetch(pk, file["file_id"], file["kind"]))
    return found


# What a file's first bytes say it is (Telegram's declared type is the sender's word).
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff(content: bytes) -> str:
    """The file's type by its content, or "" for a type the timeline does not take."""
    for magic, mime in MAGIC:
        if content.startswith(magic):
            return mime
    if content.startswith(b"PK\x03\x04") and b"word/" in content[:4096]:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if content and b"\x00" not in content[:4096]:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return ""
        return "text/plain"
    return ""


def attachment_store(pk: int, content: bytes | None, *, refusal: str = "") -> None:
    """Store a fetched file under its request's key and put it on the timeline, or refuse it
    (`refusal` is a text key) and tell the requester why. Nothing is kept of a refused file."""
    attachment = Attachment.objects.select_related("request").filter(pk=pk).first()
    if attachment is None or attachment.status != Attachment.Status.PENDING:
        return
    source = json.loads(crypto.decrypt(box_key(), bytes(attachment.source), context=SOURCE_CONTEXT))
    request = attachment.request
    request.open(bytes.fromhex(source["data_key"]))
    mime = sniff(content) if content is not None else ""
    if not refusal and content is not None and len(content) > conv.MAX_FILE_BYTES:
        refusal = "file_too_big"
    with transaction.atomic():
        attachment.source = b""
        if refusal or content is None or not mime:
            attachment.status, attachment.error = Attachment.Status.REFUSED, refusal or "file_type"
            attachment.save(update_fields=["status", "error", "source"])
            _tell(attachment, request, attachment.error)
            return
        attachment.status, attachment.mime, attachment.size = "stored", mime, len(content)
        attachment.sha256 = hashlib.sha256(content).hexdigest()
        attachment.content = crypto.encrypt_bytes(request.key, content, context=ATTACHMENT_CONTEXT)
        attachment.stored_at = timezone.now()
        attachment.save()
        Entry.sealed_create(
            request=request,
            kind=Entry.Kind.MESSAGE_IN,
            text=f"📎 {mime}, {max(len(content) // 1024, 1)} KB",
            data={"attachment": attachment.pk, "sha256": attachment.sha256},
        )
        _tell(attachment, request, "file_stored")


def attachment_fail(pk: int, error: str) -> None:
    """A fetch that did not work: tried again later, and refused after MAX_ATTEMPTS."""
    attachment = Attachment.objects.filter(pk=pk, status=Attachment.Status.PENDING).first()
    if attachment is None:
        return
    if attachment.attempts + 1 >= MAX_ATTEMPTS:
        attachment_store(pk, None, refusal="file_unreachable")
        return
    Attachment.objects.filter(pk=pk).update(attempts=attachment.attempts + 1, error=error[:64])


def _tell(attachment: Attachment, request: Request, key: str) -> None:
    chat = attachment.chat
    if chat is None or not chat.chat_id_sealed:
        return
    chat_id = int(crypto.decrypt(request.key, bytes(chat.chat_id_sealed), context=CHAT_ID_CONTEXT))
    outbox_add(chat, "sendMessage", {"chat_id": chat_id, "text": t(key, request.language)})


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
    idle = Chat.objects.filter(
        request=None, updated_at__lt=now - timedelta(days=settings.TELEGRAM_IDLE_DAYS)
    ).delete()[0]
    return {"inbox": inbox, "outbox": outbox, "chats": idle}
