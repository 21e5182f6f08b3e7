from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.service.storage import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent, encrypted snapshot of the database (SQLite's online backup, or "
        "pg_dump) to OBJECTOR_BACKUP_DIR (or --to), while the service runs. `objector restore` "
        "opens it here, or elsewhere with a staff member's unlock passphrase. Shredding scrubs "
        "the copies kept there; copies moved elsewhere expire with their own retention (README)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, help="a directory instead of OBJECTOR_BACKUP_DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup_create(options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(path))
