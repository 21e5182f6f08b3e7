"""The bot against the fake Bot API: both real, on loopback. The fake serves from a thread of
the test process; the bot runs in another thread (its own event loop and database thread)
against the test database, or as a subprocess in the crash test."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp import web

from objector.telegram.fake import FAKE, FakeTelegram, make_app
from objector.telegram.models import InboxUpdate, Outbox
from objector.telegram.runner import Runner, make_bot
from objector.telegram.scripted import FakeUser

TOKEN = "4242:synthetic-test-token"  # noqa: S105 - the fake's
T = TypeVar("T")


@dataclass
class Fake:
    base: str
    server: FakeTelegram


class LoopThread:
    """An event loop in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Awaitable[T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)  # type: ignore[arg-type]

    def stop(self) -> None:
        async def cancel_the_rest() -> None:
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        self.run(cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def fake_api() -> Iterator[Fake]:
    thread = LoopThread()
    app = make_app(TOKEN)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)

    async def start() -> int:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return int(runner.addresses[0][1])

    port = thread.run(start())
    yield Fake(f"http://127.0.0.1:{port}", app[FAKE])
    thread.run(runner.cleanup())
    thread.stop()


@pytest.fixture
def bot_settings(settings: Any, fake_api: Fake) -> Any:
    settings.TELEGRAM_TOKEN = TOKEN
    settings.TELEGRAM_API = fake_api.base
    settings.TELEGRAM_RATE = 0
    return settings


def start_bot(**kwargs: Any) -> Callable[[], None]:
    """The bot, running in a thread until the returned function stops it."""
    thread = LoopThread()
    runner = Runner(make_bot(), rate=0, idle_seconds=0.05, **kwargs)
    task = asyncio.run_coroutine_threadsafe(runner.run(), thread.loop)

    def stop() -> None:
        thread.loop.call_soon_threadsafe(runner.stop)
        task.result(30)
        thread.stop()

    return stop


@pytest.fixture
def bot(bot_settings: Any, transactional_db: None, admin: Any) -> Iterator[Any]:
    """A running bot, for an organisation that is set up (the admin's vault is unlocked)."""
    stop = start_bot()
    yield admin
    stop()


def outbox_drained(timeout: float = 60) -> bool:
    """Wait until the bot has made every call it queued."""
    deadline = time.monotonic() + timeout
    while Outbox.objects.filter(sent_at=None).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def drive(fake: Fake, script: Callable[..., Awaitable[T]], *users: int, lang: str = "ru") -> T:
    """Run `script(*FakeUsers)` against the fake."""

    async def main() -> T:
        async with aiohttp.ClientSession() as session:
            people = [FakeUser(session, fake.base, u, lang) for u in users]
            return await script(*people)

    return asyncio.run(main())


def inbox_drained(timeout: float = 60) -> bool:
    """Wait until the bot has processed every update it took in (some get no answer at all,
    so a script cannot wait for a reply to know they are done)."""
    deadline = time.monotonic() + timeout
    while InboxUpdate.objects.filter(processed_at=None).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
