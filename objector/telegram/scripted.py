"""Scripted users for the fake Bot API (objector/telegram/fake.py): they write to the bot, tap
its buttons and read its replies as a person on a phone would. The tests, the demo and the surge
benchmark drive the bot through these."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import Any

from aiohttp import ClientSession

from objector.intake.questionnaire import QUESTIONS, Question

RECEIPT = re.compile(r"(?:Код|Code): ([2-9A-Z]{4}-[2-9A-Z]{4})")
REFUSED = "✗"  # how the bot starts a refusal
Message = dict[str, Any]


class ScriptError(AssertionError):
    """The bot did not answer as the script expected."""


def question_of(text: str, lang: str) -> Question | None:
    """The question a bot message asks, by its prompt in any of its wordings (the longest that
    matches)."""
    found = [
        (len(prompt[lang]), q)
        for q in QUESTIONS
        for prompt in (q.prompt, q.about_another.prompt if q.about_another else None)
        if prompt is not None and prompt[lang] in text
    ]
    return max(found, key=lambda match: match[0], default=(0, None))[1]


def buttons(message: Message) -> list[tuple[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


class FakeUser:
    def __init__(self, session: ClientSession, base: str, user_id: int, lang: str = "ru") -> None:
        self.session, self.base, self.user_id, self.lang = session, base.rstrip("/"), user_id, lang
        self.cursor = 0
        self.received: list[Message] = []  # every message the bot sent, in order
        self.transcript: list[str] = []  # the conversation, as a person would tell it

    async def act(self, **body: Any) -> dict[str, Any]:
        body = {"user": self.user_id, "language_code": self.lang, **body}
        async with self.session.post(f"{self.base}/_fake/act", json=body) as response:
            found: dict[str, Any] = await response.json()
            if response.status != 200:
                raise ScriptError(f"the fake refused the action: {found}")
            return found

    async def say(self, text: str, **more: Any) -> dict[str, Any]:
        self.transcript.append(f"   {text}")
        return await self.act(text=text, **more)

    async def tap(self, message: Message, data: str) -> dict[str, Any]:
        labels = {d: label for label, d in buttons(message)}
        if data not in labels:
            raise ScriptError(f"no button {data!r} under {message.get('text', '')[:60]!r}")
        self.transcript.append(f"   [{labels[data]}]")
        return await self.act(callback=data, message_id=message["message_id"])

    async def send_file(self, kind: str, content: bytes, **meta: Any) -> dict[str, Any]:
        return await self.act(**{kind: {"content": base64.b64encode(content).decode(), **meta}})

    async def poll(self, wait: float) -> tuple[list[Message], list[int]]:
        """The bot's new messages (and edits), waiting up to `wait` seconds; and the ids of the
        messages still visible in the chat."""
        url = f"{self.base}/_fake/chat/{self.user_id}"
        params = {"after": str(self.cursor), "wait": str(wait)}
        async with self.session.get(url, params=params) as response:
            body = await response.json()
        self.cursor = body["next"]
        new = [e["message"] for e in body["events"] if e["kind"] == "message"]
        self.received.extend(new)
        self.transcript.extend("🤖 " + m["text"].replace("\n", "\n   ") for m in new)
        return new, body["visible"]

    async def until(self, wanted: Callable[[Message], bool], timeout: float = 30) -> Message:
        """The first new bot message `wanted` accepts."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            new, _ = await self.poll(min(left, 10))
            for message in new:
                if wanted(message):
                    return message
        raise ScriptError(f"user {self.user_id}: no wanted reply within {timeout} s")

    async def reply(self, timeout: float = 30) -> Message:
        return await self.until(lambda m: True, timeout)

    async def visible(self, settle: int | None = None, timeout: float = 10) -> list[int]:
        """The ids of the messages still in the chat; with `settle`, waits until there are at
        most that many (deletions are made after the replies)."""
        deadline = time.monotonic() + timeout
        while True:
            found = (await self.poll(0))[1]
            if settle is None or len(found) <= settle or time.monotonic() > deadline:
                return found
            await self.poll(0.2)

    def is_prompt(self, message: Message) -> bool:
        return question_of(message.get("text", ""), self.lang) is not None

    async def answer(self, prompt: Message, question: Question, value: Any) -> None:
        """Answer one question as a person would: tap the buttons, or type."""
        if question.kind == "choice":
            await self.tap(prompt, f"a:{question.key}:{value}")
        elif question.kind == "multi":
            for choice in value:
                await self.tap(prompt, f"t:{choice}")
            await self.tap(prompt, "d:")
        elif value in (None, "") and not question.required:
            await self.tap(prompt, f"s:{question.key}")
        else:
            await self.say(str(value))

    async def complete_intake(
        self, answers: dict[str, Any], *, timeout: float = 60
    ) -> tuple[str, float]:
        """Go through the questionnaire with these answers (by question key; a missing optional
        one is skipped). Returns the reference code, and the seconds from the last answer to
        the receipt."""
        await self.say("/start")
        message = await self.until(self.is_prompt, timeout)
        done: set[str] = set()  # the questions answered and taken
        while True:
            question = question_of(message["text"], self.lang)
            assert question is not None  # noqa: S101 - until() waited for a prompt
            await self.answer(message, question, answers.get(question.key, ""))
            answered = time.monotonic()

            def moved_on(m: Message, asked: Question = question) -> bool:
                # A new question, a refusal, or the receipt. A question already answered, this
                # one or an earlier one, without a refusal, repeats a message the bot sent
                # before a crash (delivery is at least once): skipped, as a person would.
                text = m.get("text", "")
                if RECEIPT.search(text):
                    return True
                shown = question_of(text, self.lang)
                return shown is not None and (
                    REFUSED in text or (shown is not asked and shown.key not in done)
                )

            message = await self.until(moved_on, timeout)
            if REFUSED not in message["text"]:
                done.add(question.key)
            found = RECEIPT.search(message["text"])
            if found:
                return found.group(1), time.monotonic() - answered
            if question_of(message["text"], self.lang) is question:
                value = answers.get(question.key)
                raise ScriptError(f"{question.key}={value!r} refused: {message['text'][:200]}")


async def fake_state(session: ClientSession, base: str) -> dict[str, Any]:
    async with session.get(f"{base.rstrip('/')}/_fake/state") as response:
        state: dict[str, Any] = await response.json()
        return state


# A typical request from the bench and the demo: a mobilized soldier who left his unit.
SAMPLE_ANSWERS: dict[str, Any] = {
    "role": "self",
    "personnel": "mobilized",
    "events": ["left_unit"],
    "date:left_unit": "24.02.2026",
    "intends_to_return": "no",
    "abroad": "no",
    "prior_conviction": "no",
    "name": "Пётр Синтетический",
    "unit": "в/ч 00000",
    "region": "Ростовская область",
    "story": "Ушёл из части, прошу помощи с документами.",
    "consent_filings": "yes",
    "contact_method": "telegram",
}
