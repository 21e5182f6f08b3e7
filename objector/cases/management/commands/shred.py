from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from objector.cases.actions import requests_shred_expired


class Command(BaseCommand):
    help = (
        "Crypto-shred the cases closed more than OBJECTOR_RETENTION_DAYS ago: their data keys, "
        "ciphertexts and local backup copies are destroyed. `objector run` does this hourly; "
        "run it from cron when the workers run elsewhere."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--expired", action="store_true", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        shredded = requests_shred_expired()
        self.stdout.write(f"{shredded} shredded / уничтожено: {shredded}")
