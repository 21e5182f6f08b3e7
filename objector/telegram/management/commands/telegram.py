import asyncio
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.telegram.runner import ROLES, Runner, make_bot


class Command(BaseCommand):
    help = (
        "Run the Telegram bot: long polling, or a webhook with OBJECTOR_TELEGRAM_WEBHOOK_URL. "
        "OBJECTOR_TELEGRAM_API points it at another Bot API server (objector fake-telegram). "
        "SIGTERM stops it cleanly; SIGKILL loses nothing either."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--webhook-url", default=settings.TELEGRAM_WEBHOOK_URL)
        parser.add_argument(
            "--role",
            choices=ROLES,
            default="all",
            help="all (one process), or receive / send: two processes, one each, for two cores",
        )

    def handle(self, *args: Any, webhook_url: str, role: str, **options: Any) -> None:
        if not settings.TELEGRAM_TOKEN:
            raise CommandError(
                "OBJECTOR_TELEGRAM_TOKEN is not set / не задан OBJECTOR_TELEGRAM_TOKEN"
            )
        asyncio.run(self._run(webhook_url, role))

    async def _run(self, webhook_url: str, role: str) -> None:
        idle = 0.5 if role == "all" else 0.05  # split, the other half cannot wake this one
        runner = Runner(
            make_bot(),
            webhook_url=webhook_url,
            rate=settings.TELEGRAM_RATE,
            role=role,
            idle_seconds=idle,
        )
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, runner.stop)
        await runner.run()
