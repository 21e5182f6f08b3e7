import secrets
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.tasks import TaskResultStatus

from objector.service.tasks import heartbeat


class Command(BaseCommand):
    help = "Check the database and, with --worker, that a task worker completes a job."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--worker", action="store_true", help="also wait for a worker")
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args: Any, worker: bool, timeout: float, **options: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        self.stdout.write("database: ok / база данных: в порядке")
        if not worker:
            return
        token = secrets.token_hex(8)
        result = heartbeat.enqueue(token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result.refresh()
            if result.status == TaskResultStatus.SUCCESSFUL and result.return_value == token:
                self.stdout.write("worker: ok / обработчик задач: в порядке")
                return
            if result.status == TaskResultStatus.FAILED:
                raise CommandError(
                    "worker: the heartbeat task failed"
                    " / обработчик задач: проверочная задача не выполнена"
                )
            time.sleep(0.2)
        raise CommandError(
            f"worker: no worker completed a job within {timeout:g} s"
            f" / обработчик задач: ни одна задача не выполнена за {timeout:g} с"
        )
