from typing import Any

from django.core.management.base import BaseCommand

from objector.service.hourly import enqueue_hourly


class Command(BaseCommand):
    help = (
        "Enqueue the hourly jobs for the task workers (objector run does this itself; under "
        "systemd, objector-hourly.timer runs it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        enqueue_hourly()
        self.stdout.write("hourly jobs enqueued / ежечасные задачи поставлены в очередь")
