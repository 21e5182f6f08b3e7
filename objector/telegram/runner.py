"""`objector telegram`: the bot process.

Four loops on one event loop: the poller (getUpdates → inbox), the processor (inbox → state,
requests, outbox), the sender (outbox → Bot API) and the fetcher (files → the case). Every
database call runs on one dedicated thread, so the process holds one connection and SQLite sees
one writer from it; the network waits overlap on the loop.

python-telegram-bot's `Bot` makes the Bot API calls, with its base URL pointed at
OBJECTOR_TELEGRAM_API (the fake server in tests and the demo): the code path is production's.
Its `Application` is not used: it acknowledges an update before the handler has run, and this
bot must not acknowledge what it has not stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import warnings
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, TypeVar

os.environ.setdefault("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
)
from telegram.warnings import PTBUserWarning

from . import actions
from .conversation import MAX_FILE_BYTES
from .keys import webhook_secret
from .request import AiohttpRequest

log = logging.getLogger(__name__)
T = TypeVar("T")

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
POLL_SECONDS = 25  # long polling: Telegram holds the request open until an update comes
CONCURRENCY = 32  # chats sent to at once
HOUSEKEEPING_SECONDS = 3600


def make_bot(*, token: str | None = None, api: str | None = None) -> Bot:
    api = (api or settings.TELEGRAM_API).rstrip("/")
    return Bot(
        token or settings.TELEGRAM_TOKEN,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=AiohttpRequest(connections=CONCURRENCY + 4),
        get_updates_request=AiohttpRequest(connections=1, read_timeout=10),
    )


# The outbox holds Bot API calls as Telegram defines them, and getUpdates' result is stored as
# Telegram sent it (fields this version of the library does not know included). So both go
# through the library's generic `do_api_request`, which returns Telegram's JSON, rather than its
# typed methods, which build objects only to be turned back into JSON (a third of the bot's time
# in the surge benchmark). The library warns that typed methods exist; here that is deliberate.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)
OUTBOX_METHODS = {"sendMessage", "deleteMessages", "answerCallbackQuery", "editMessageReplyMarkup"}


async def _call(bot: Bot, method: str, params: dict[str, Any]) -> Any:
    """One outbox row's Bot API call."""
    if method not in OUTBOX_METHODS:
        raise ValueError(f"unknown outbox method {method}")
    return await bot.do_api_request(method, api_kwargs=params)


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Pace:
    """At most `rate` calls a second, for all chats together (0: no limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1 / rate if rate else 0.0
        self.next = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        now = asyncio.get_running_loop().time()
        slot = max(now, self.next)
        self.next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


ROLES = ("all", "receive", "send")


class Runner:
    """The bot's loops. `role` splits them over two processes, to use two cores under a surge:
    "receive" polls (or takes the webhook's updates from the inbox) and processes; "send" makes
    the outbox's calls and fetches files. The two meet only in the database, so each side polls
    it when idle (every `idle_seconds`) instead of being woken."""

    def __init__(
        self,
        bot: Bot,
        *,
        webhook_url: str = "",
        rate: float = 30,
        idle_seconds: float = 0.5,
        role: str = "all",
    ) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        self.bot = bot
        self.webhook_url = webhook_url
        self.role = role
        self.pace = Pace(rate)
        self.idle = idle_seconds
        self.db_thread = ThreadPoolExecutor(1, thread_name_prefix="objector-telegram-db")
        self.inbox_ready = asyncio.Event()
        self.outbox_ready = asyncio.Event()
        self.files_ready = asyncio.Event()
        self.limit = asyncio.Semaphore(CONCURRENCY)
        self.stopping = asyncio.Event()

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        def run() -> T:
            close_old_connections()  # reconnect after a dropped connection
            return fn(*args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self.db_thread, run)

    async def run(self) -> None:
        await self.bot.initialize()
        loops = []
        if self.role in ("all", "receive"):
            if self.webhook_url:
                await self.bot.set_webhook(
                    f"{self.webhook_url.rstrip('/')}/telegram/webhook",
                    secret_token=webhook_secret(),
                    allowed_updates=ALLOWED_UPDATES,
                )
            else:
                await self.bot.delete_webhook()  # getUpdates is refused while a webhook is set
                loops.append(self.poll())
            loops += [self.process(), self.housekeep()]
        if self.role in ("all", "send"):
            loops += [self.send(), self.fetch()]
        tasks = [asyncio.create_task(loop) for loop in loops]
        stopping = asyncio.create_task(self.stopping.wait())
        try:
            # Until stopped, or until a loop fails (an invalid token, say), which is raised.
            await asyncio.wait([*tasks, stopping], return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                if task.done() and task.exception():
                    raise task.exception()  # type: ignore[misc]
        finally:
            stopping.cancel()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, stopping, return_exceptions=True)
            await self.bot.shutdown()
            await self.db(connections.close_all)
            self.db_thread.shutdown(wait=True)

    def stop(self) -> None:
        """Stop after the current database call; safe from a signal handler on the loop."""
        self.stopping.set()

    @staticmethod
    async def _wait(event: asyncio.Event, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
        event.clear()

    async def poll(self) -> None:
        offset = await self.db(actions.inbox_offset)
        backoff = 1.0
        while True:
            try:
                updates: list[dict[str, Any]] = await self.bot.do_api_request(
                    "getUpdates",
                    api_kwargs={
                        "offset": offset,
                        "limit": 100,
                        "timeout": POLL_SECONDS,
                        "allowed_updates": ALLOWED_UPDATES,
                    },
                    read_timeout=POLL_SECONDS + 10,
                )
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except NetworkError as exc:
                log.warning("getUpdates failed (%s); retrying", type(exc).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            backoff = 1.0
            if not updates:
                continue
            # Stored (and committed) first; only then does the next offset acknowledge them.
            await self.db(actions.inbox_store, updates)
            offset = max(u["update_id"] for u in updates) + 1
            self.inbox_ready.set()

    async def process(self) -> None:
        while True:
            if await self.db(actions.inbox_process):
                self.outbox_ready.set()
                self.files_ready.set()
                continue
            await self._wait(self.inbox_ready, self.idle)

    async def send(self) -> None:
        while True:
            calls = await self.db(actions.outbox_due)
            if not calls:
                await self._wait(self.outbox_ready, self.idle)
                continue
            by_chat: dict[Any, list[actions.Call]] = defaultdict(list)
            for call in calls:
                by_chat[call.params.get("chat_id")].append(call)
            results = await asyncio.gather(*(self._send_chat(c) for c in by_chat.values()))
            await self.db(actions.outbox_record, [o for chat in results for o in chat])

    async def _send_chat(self, calls: list[actions.Call]) -> list[actions.Outcome]:
        """One chat's calls, in order; a call that must wait holds back the ones after it."""
        outcomes = []
        async with self.limit:
            for call in calls:
                outcome = await self._send(call)
                outcomes.append(outcome)
                if not outcome.sent:
                    break
        return outcomes

    async def _send(self, call: actions.Call) -> actions.Outcome:
        await self.pace.wait()
        try:
            result = await _call(self.bot, call.method, call.params)
        except RetryAfter as exc:
            return actions.Outcome(call, False, retry_after=_seconds(exc.retry_after))
        except (BadRequest, Forbidden) as exc:
            # Refused for good: a message already deleted, a query too old, a blocked bot.
            return actions.Outcome(call, True, error=type(exc).__name__)
        except NetworkError as exc:  # includes TimedOut: it may have arrived; tried again
            return actions.Outcome(call, False, error=type(exc).__name__)
        if call.prompt and isinstance(result, dict):
            return actions.Outcome(call, True, message_id=result["message_id"])
        return actions.Outcome(call, True)

    async def fetch(self) -> None:
        while True:
            due = await self.db(actions.attachments_due)
            if not due:
                await self._wait(self.files_ready, max(self.idle, 2.0))
                continue
            for item in due:
                await self._fetch(item)
            self.outbox_ready.set()

    async def _fetch(self, item: actions.Fetch) -> None:
        try:
            file = await self.bot.get_file(item.file_id)
            if (file.file_size or 0) > MAX_FILE_BYTES:
                await self.db(actions.attachment_store, item.pk, None, refusal="file_too_big")
                return
            content = bytes(await file.download_as_bytearray())
        except BadRequest:
            await self.db(actions.attachment_store, item.pk, None, refusal="file_unreachable")
        except NetworkError as exc:
            await self.db(actions.attachment_fail, item.pk, type(exc).__name__)
        else:
            await self.db(actions.attachment_store, item.pk, content)

    async def housekeep(self) -> None:
        while True:
            await self.db(actions.housekeeping)
            await asyncio.sleep(HOUSEKEEPING_SECONDS)
