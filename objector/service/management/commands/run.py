import os
import secrets
import signal
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from nacl.signing import SigningKey

from objector.accounts.actions import organisation_exists, setup_code
from objector.service import runlock
from objector.service.hourly import enqueue_hourly
from objector.service.supervisor import STATUS_FILE, Child, Supervisor
from objector.telegram.fake import DEFAULT_TOKEN as FAKE_TOKEN

REASSESS_SECONDS = 3600


class Command(BaseCommand):
    help = (
        "Migrate, then run the web server (gunicorn), the task worker, the key-holder and (with "
        "OBJECTOR_TELEGRAM_TOKEN or --fake-telegram) the Telegram bot together until stopped. "
        "A part that exits is restarted (objector/service/supervisor.py); /healthz reports "
        "each part."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("OBJECTOR_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("OBJECTOR_WEB_WORKERS", "2"))
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=int(os.environ.get("OBJECTOR_TASK_WORKERS", "2")),
            help="task worker processes (documents are read there, one at a time each)",
        )
        parser.add_argument("--no-worker", action="store_true", help="web server only")
        parser.add_argument("--no-migrate", action="store_true")
        parser.add_argument(
            "--fake-telegram",
            action="store_true",
            help="also run the fake Bot API on 127.0.0.1 (--fake-telegram-port) and the bot "
            "against it",
        )
        parser.add_argument("--fake-telegram-port", type=int, default=8081)

    def handle(
        self,
        *args: Any,
        bind: str,
        web_workers: int,
        task_workers: int,
        no_worker: bool,
        no_migrate: bool,
        fake_telegram: bool,
        fake_telegram_port: int,
        **options: Any,
    ) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        # No access log: requesters' IP addresses and timings are personal data.
        python = sys.executable
        # A capability per role for this start (vault/keyholder.py): each child gets its own.
        caps = {role: secrets.token_urlsafe(32) for role in ("web", "worker", "bot")}
        # And a signing key for the key-holder to prove itself with: its public half goes to
        # every client, which sends nothing to a socket that cannot prove it (an impostor in
        # the socket's place took the private key at the next unlock; red team, round 11).
        holder = SigningKey.generate()
        proof = {"holder": holder.verify_key.encode().hex()}
        children = [
            Child(
                "web",
                [
                    python,
                    "-m",
                    "gunicorn",
                    "objector.wsgi:application",
                    "-c",
                    "python:objector.service.gunicorn_conf",
                    "--bind",
                    bind,
                    "--workers",
                    str(web_workers),
                ],
                capability={"token": caps["web"], **proof},
            ),
            # The key-holder keeps the private key while unlocked; it always starts sealed.
            Child(
                "keyholder",
                [python, "-m", "objector.cli", "keyholder"],
                capability={
                    "tokens": {cap: role for role, cap in caps.items()},
                    "holder_key": holder.encode().hex(),
                },
            ),
        ]
        if not no_worker:
            children += [
                Child(
                    f"worker-{n}",
                    [python, "-m", "objector.cli", "db_worker"],
                    capability={"token": caps["worker"], **proof},
                )
                for n in range(1, task_workers + 1)
            ]
        bot_env = dict(os.environ)
        fake_api = f"http://127.0.0.1:{fake_telegram_port}"
        if fake_telegram:
            port = str(fake_telegram_port)
            children.append(
                Child(
                    "fake-telegram", [python, "-m", "objector.cli", "fake-telegram", "--port", port]
                )
            )
            bot_env.update(
                OBJECTOR_TELEGRAM_TOKEN=FAKE_TOKEN,
                OBJECTOR_TELEGRAM_API=fake_api,
                OBJECTOR_TELEGRAM_RATE="0",
            )
        if settings.TELEGRAM_TOKEN or fake_telegram:
            # The bot, in two processes (receiving and sending) so that a surge has two cores:
            # long polling, or the webhook (OBJECTOR_TELEGRAM_WEBHOOK_URL).
            for role in ("receive", "send"):
                bot = [python, "-m", "objector.cli", "telegram", "--role", role]
                children.append(
                    Child(
                        f"telegram-{role}",
                        bot,
                        env=bot_env,
                        capability={"token": caps["bot"], **proof},
                    )
                )
            where = fake_api if fake_telegram else settings.TELEGRAM_API
            self.stdout.write(f"Telegram bot: {where} / Telegram-бот: {where}")
        self.stdout.write(
            f"Objector is running on http://{bind}/ (Ctrl-C stops it)"
            f" / Objector работает на http://{bind}/ (остановить: Ctrl-C)"
        )
        if not organisation_exists():
            self.stdout.write(
                f"First run: open http://{bind}/setup and enter the setup code {setup_code()}"
                f" (or run `objector setup`) / Первый запуск: откройте http://{bind}/setup и "
                f"введите код настройки {setup_code()} (или выполните `objector setup`)"
            )

        lock = runlock.hold()  # `objector restore` refuses while this is held
        supervisor = Supervisor(children, Path(settings.DATA_DIR) / STATUS_FILE)
        signal.signal(signal.SIGTERM, supervisor.stop)
        signal.signal(signal.SIGINT, supervisor.stop)
        next_hourly = time.monotonic()

        def hourly() -> None:
            nonlocal next_hourly
            if no_worker or time.monotonic() < next_hourly:
                return
            enqueue_hourly()
            next_hourly = time.monotonic() + REASSESS_SECONDS

        try:
            supervisor.run(every=hourly)
        finally:
            lock.close()
