"""The bot's side of a conversation: plain Python, no Django, no network.

`handle(state, incoming, ...)` takes what the person sent and returns the new state and the
effects to carry out: messages to send, messages to delete, a request to create. The Django side
(objector/telegram/actions.py) stores the state, performs the effects in the same transaction
that marks the update processed, and sends through the outbox. Keeping the dialogue here makes it
testable without a server, and keeps it to the one questionnaire the web form asks
(objector/intake/questionnaire.py).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, TypeAlias

from objector.intake.questionnaire import (
    AnswerError,
    Question,
    next_question,
    parse_answer,
    shown,
    visible_answer,
)

from .texts import t

# Telegram's own limit on a message is 4096 characters; a later message to the lawyer may be as
# long as a case note (objector/cases/actions.py MAX_TEXT).
MAX_TEXT = 10_000
# Telegram lets bots download files up to 20 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
# What the evidence store accepts; the content is checked again by its bytes once fetched.
FILE_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
}
TELEGRAM_CONTACT = "Telegram (бот / bot)"


@dataclass
class State:
    """One person's conversation, stored encrypted (objector/telegram/models.py Chat)."""

    lang: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    picked: list[str] = field(default_factory=list)  # the ticks of the multi question shown
    started: bool = False
    restarts: int = 0  # part of the request's idempotency key
    # Flood control: messages counted in the current window, and whether we said so.
    window_start: float = 0.0
    window_count: int = 0
    flood_warned: bool = False

    def dump(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def load(cls, text: str) -> State:
        return cls(**json.loads(text)) if text else cls()


@dataclass(frozen=True)
class Incoming:
    """The parts of one Telegram update the conversation looks at."""

    kind: str  # text, command, callback, file, sticker, media, forwarded, edited, other
    user_id: int
    chat_id: int
    message_id: int | None = None
    text: str = ""
    command: str = ""
    callback_id: str = ""
    data: str = ""
    prompt_id: int | None = None  # the message whose button was pressed
    language_code: str = ""
    file: dict[str, Any] | None = None
    private: bool = True


# Effects


@dataclass(frozen=True)
class Button:
    text: str
    data: str


@dataclass(frozen=True)
class Say:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    prompt: bool = False  # a question: deleted from the chat once it is answered


@dataclass(frozen=True)
class Delete:
    message_id: int


@dataclass(frozen=True)
class AnswerCallback:
    callback_id: str
    text: str = ""


@dataclass(frozen=True)
class EditButtons:
    message_id: int
    buttons: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class SweepPrompts:
    """Delete the questions already answered."""


@dataclass(frozen=True)
class Submit:
    answers: dict[str, Any]
    idempotency: str


@dataclass(frozen=True)
class Forward:
    """A later message for the case's timeline."""

    text: str


@dataclass(frozen=True)
class Attach:
    file: dict[str, Any]


@dataclass(frozen=True)
class ShowStatus:
    pass


@dataclass(frozen=True)
class Erase:
    pass


Effect: TypeAlias = (
    Say
    | Delete
    | AnswerCallback
    | EditButtons
    | SweepPrompts
    | Submit
    | Forward
    | Attach
    | ShowStatus
    | Erase
)


def parse_update(update: dict[str, Any]) -> Incoming | None:
    """What an update says, or None for updates the bot ignores (channel posts, joins, ...)."""
    if "callback_query" in update:
        query = update["callback_query"]
        message = query.get("message") or {}
        user = query.get("from") or {}
        chat = message.get("chat") or {"id": user.get("id"), "type": "private"}
        return Incoming(
            kind="callback",
            user_id=int(user["id"]),
            chat_id=int(chat["id"]),
            callback_id=str(query["id"]),
            data=str(query.get("data") or ""),
            prompt_id=message.get("message_id"),
            language_code=user.get("language_code") or "",
            private=chat.get("type") == "private",
        )
    edited = update.get("edited_message")
    message = edited or update.get("message")
    if not message or "from" not in message:
        return None
    user, chat = message["from"], message["chat"]
    common: dict[str, Any] = {
        "user_id": int(user["id"]),
        "chat_id": int(chat["id"]),
        "message_id": message.get("message_id"),
        "language_code": user.get("language_code") or "",
        "private": chat.get("type") == "private",
    }
    if edited:
        return Incoming(kind="edited", **common)
    if "forward_origin" in message or "forward_from" in message or "forward_date" in message:
        return Incoming(kind="forwarded", **common)
    text = message.get("text")
    if text is not None:
        if text.startswith("/"):
            # "/start@objector_bot payload" -> "start"
            command = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if text[1:] else ""
            return Incoming(kind="command", text=text, command=command, **common)
        return Incoming(kind="text", text=text, **common)
    if "document" in message:
        doc = message["document"]
        return _file_message(common, message, doc, "document", doc.get("mime_type") or "")
    if message.get("photo"):
        biggest = max(message["photo"], key=lambda p: p.get("file_size") or 0)
        return _file_message(common, message, biggest, "photo", "image/jpeg")
    if "sticker" in message:
        return Incoming(kind="sticker", **common)
    media = ("voice", "audio", "video", "video_note", "animation", "location", "contact", "poll")
    if any(key in message for key in media):
        return Incoming(kind="media", **common)
    return Incoming(kind="other", **common)


def _file_message(
    common: dict[str, Any], message: dict[str, Any], ref: dict[str, Any], kind: str, mime: str
) -> Incoming:
    file = {
        "kind": kind,
        "file_id": ref["file_id"],
        "size": int(ref.get("file_size") or 0),
        "mime": mime,
        "caption": message.get("caption") or "",
        # The sender's name for the file, kept (encrypted) for the lawyer's list; photos have none.
        "name": str(ref.get("file_name") or "")[:255],
    }
    return Incoming(kind="file", file=file, **common)


# The conversation


@dataclass(frozen=True)
class Limits:
    # Per chat, in a minute. The questionnaire's common path takes 16 messages (taps count), 15
    # before round 11 asked the date of birth: a quick person and a few files passed 20, and
    # were told to wait (tests/telegram/test_bot.py). 30 leaves them room and still slows a
    # flood to one message every two seconds.
    flood_messages: int = 30
    flood_seconds: float = 60.0


def handle(
    state: State,
    incoming: Incoming,
    *,
    has_request: bool,
    today: date,
    now: float,
    limits: Limits = Limits(),
) -> tuple[State, list[Effect]]:
    """The reply to one update. `has_request`: this person's questionnaire is already a request,
    so what they send goes to their lawyer."""
    if not state.lang:
        state.lang = "en" if incoming.language_code.startswith("en") else "ru"
    lang = state.lang
    effects: list[Effect] = []
    if incoming.kind == "callback":
        effects.append(AnswerCallback(incoming.callback_id))
    elif incoming.message_id is not None:
        # Stored before this runs: deleted from the chat so that a seized phone shows little.
        effects.append(Delete(incoming.message_id))
    if not incoming.private:
        return state, [*effects, Say(t("private_only", lang))]
    if _flooded(state, now, limits):
        if not state.flood_warned:
            state.flood_warned = True
            effects.append(Say(t("flood", lang, seconds=int(limits.flood_seconds))))
        return state, effects

    kind = incoming.kind
    if kind == "command":
        return state, effects + _command(state, incoming.command, has_request=has_request)
    if kind == "callback":
        return state, effects + _callback(state, incoming, has_request=has_request, today=today)
    if kind == "text":
        if len(incoming.text) > MAX_TEXT:
            return state, [
                *effects,
                Say(t("too_long", lang, length=len(incoming.text), limit=MAX_TEXT)),
                *_ask_again(state, has_request),
            ]
        if has_request:
            return state, [*effects, Forward(incoming.text), Say(t("forwarded_ok", lang))]
        if not state.started:
            return state, effects + _start(state)
        return state, effects + _typed_answer(state, incoming.text, today=today)
    if kind == "file":
        assert incoming.file is not None  # noqa: S101 - parse_update sets it for files
        refusal = file_refusal(incoming.file)
        if refusal:
            return state, [*effects, Say(t(refusal, lang)), *_ask_again(state, has_request)]
        if not has_request:
            return state, [*effects, Say(t("files_later", lang)), *_ask_again(state, False)]
        return state, [*effects, Attach(incoming.file), Say(t("file_received", lang))]
    reason = {
        "edited": "edited",
        "forwarded": "forwarded",
        "sticker": "unsupported",
        "media": "unsupported",
    }.get(kind, "unsupported")
    return state, [*effects, Say(t(reason, lang)), *_ask_again(state, has_request)]


def file_refusal(file: dict[str, Any]) -> str:
    """Why a file is refused before it is fetched (its text key), or ""."""
    if file["size"] > MAX_FILE_BYTES:
        return "file_too_big"
    if file["mime"] not in FILE_TYPES:
        return "file_type"
    return ""


def _flooded(state: State, now: float, limits: Limits) -> bool:
    if now - state.window_start >= limits.flood_seconds:
        state.window_start, state.window_count, state.flood_warned = now, 0, False
    state.window_count += 1
    return state.window_count > limits.flood_messages


def _command(state: State, command: str, *, has_request: bool) -> list[Effect]:
    lang = state.lang
    if command == "start":
        if has_request:
            return [Say(t("already", lang))]
        return _start(state)
    if command == "help":
        return [Say(t("help", lang)), *_ask_again(state, has_request)]
    if command == "lang":
        state.lang = "en" if lang == "ru" else "ru"
        return [Say(t("lang_set", state.lang)), *_ask_again(state, has_request)]
    if command == "status":
        return [ShowStatus()] if has_request else [Say(t("no_request", lang))]
    if command == "delete":
        yes, no = Button(t("erase_yes", lang), "x:yes"), Button(t("erase_no", lang), "x:no")
        return [Say(t("erase_confirm", lang), ((yes,), (no,)), prompt=True)]
    return [Say(t("unknown_command", lang)), *_ask_again(state, has_request)]


def _start(state: State) -> list[Effect]:
    if state.answers:
        state.restarts += 1
    state.answers, state.picked, state.started = {}, [], True
    return [SweepPrompts(), Say(t("welcome", state.lang)), *_ask(state)]


def _ask_again(state: State, has_request: bool) -> list[Effect]:
    """The current question again, after a refusal or a command, so the person knows where
    they are."""
    if has_request or not state.started:
        return []
    return [SweepPrompts(), *_ask(state)]


def _ask(state: State, lead: str = "") -> list[Effect]:
    """The next question, after `lead` (what happened to the last answer) in the same message:
    one message per answer keeps the chat short, and the surge fast."""
    question = next_question(state.answers)
    if question is None:
        return [Say(lead)] if lead else []
    text = _prompt_text(question, state.lang)
    return [Say(f"{lead}\n\n{text}" if lead else text, _buttons(question, state), prompt=True)]


def _prompt_text(question: Question, lang: str) -> str:
    text = question.prompt[lang]
    if question.hint:
        text += "\n" + question.hint[lang]
    if question.kind == "multi":
        text += "\n" + t("multi_hint", lang)
    return text


def _buttons(question: Question, state: State) -> tuple[tuple[Button, ...], ...]:
    lang, key = state.lang, question.key
    rows: list[tuple[Button, ...]] = []
    if question.kind == "choice":
        rows = [(Button(c.label[lang], f"a:{key}:{c.value}"),) for c in question.choices]
    elif question.kind == "multi":
        rows = [
            (Button(("✅ " if c.value in state.picked else "") + c.label[lang], f"t:{c.value}"),)
            for c in question.choices
        ]
        rows.append((Button(t("done", lang), "d:"),))
    elif not question.required:
        rows = [(Button(t("skip", lang), f"s:{key}"),)]
    return tuple(rows)


def _callback(state: State, incoming: Incoming, *, has_request: bool, today: date) -> list[Effect]:
    lang, data = state.lang, incoming.data
    if data == "x:yes":
        return [SweepPrompts(), Erase()]
    if data == "x:no":
        return [SweepPrompts(), Say(t("erase_kept", lang)), *_ask_again(state, has_request)]
    question = None if has_request else next_question(state.answers)
    if question is None or not state.started:
        return [Say(t("stale", lang))]
    if data.startswith("t:") and question.kind == "multi":
        value = data[2:]
        if value not in question.choice_values():
            return [Say(t("stale", lang))]
        state.picked = (
            [v for v in state.picked if v != value]
            if value in state.picked
            else [*state.picked, value]
        )
        if incoming.prompt_id is None:
            return _ask(state)
        return [EditButtons(incoming.prompt_id, _buttons(question, state))]
    if data == "d:" and question.kind == "multi":
        return _accept(state, question, list(state.picked), today=today)
    prefix, _, rest = data.partition(":")
    key, _, value = rest.partition(":")
    if key != question.key:
        return [Say(t("stale", lang))]  # a button of a question already answered
    if prefix == "a":
        return _accept(state, question, value, today=today)
    if prefix == "s" and not question.required:
        return _accept(state, question, "", today=today)
    return [Say(t("stale", lang))]


def _typed_answer(state: State, text: str, *, today: date) -> list[Effect]:
    question = next_question(state.answers)
    if question is None:  # complete, and the request is being made
        return []
    if question.kind in ("choice", "multi"):
        value = _choice_typed(question, text, state.lang)
        if value is None:
            return [SweepPrompts(), *_ask(state, t("use_buttons", state.lang))]
        if question.kind == "multi":
            state.picked = [*state.picked, value] if value not in state.picked else state.picked
            return [SweepPrompts(), *_ask(state)]
        return _accept(state, question, value, today=today)
    return _accept(state, question, text, today=today)


def _choice_typed(question: Question, text: str, lang: str) -> str | None:
    """A choice typed rather than tapped: its number in the list, or its label."""
    typed = text.strip().casefold()
    for number, choice in enumerate(question.choices, start=1):
        if typed in (str(number), choice.label[lang].casefold(), choice.value):
            return choice.value
    return None


def _accept(state: State, question: Question, raw: Any, *, today: date) -> list[Effect]:
    lang = state.lang
    try:
        value = parse_answer(question, raw, state.answers, today=today)
    except AnswerError as error:
        return [SweepPrompts(), *_ask(state, t("invalid", lang, why=error.text(lang)))]
    state.answers[question.key] = value
    state.picked = []
    if question.key == "contact_method" and value == "telegram":
        state.answers["contact"] = TELEGRAM_CONTACT  # the lawyer answers through the bot
    if next_question(state.answers) is None:
        return [SweepPrompts(), Submit(dict(state.answers), str(state.restarts))]
    removed = visible_answer(question, raw)[1] if isinstance(raw, str) else 0
    return [SweepPrompts(), *_ask(state, _saved(question, value, lang, removed))]


def _saved(question: Question, value: Any, lang: str, removed: int = 0) -> str:
    """The answer read back, except free text: a name or a story is not repeated on screen.
    Invisible characters taken out of it (direction controls: parse_answer) are counted."""
    if not value:
        return t("skipped", lang)
    if question.kind == "text":
        return t("saved_visible", lang, count=removed) if removed else t("saved", lang)
    if question.kind == "date":
        return t("saved_as", lang, answer=date.fromisoformat(value).strftime("%d.%m.%Y"))
    return t("saved_as", lang, answer=shown(question, value, lang))
