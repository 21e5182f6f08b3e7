from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from objector.cases.actions import requests_reassess
from objector.vault.keys import GrantRequired, VaultSealed
from objector.vault.management.grant import grant_arguments, grant_missing, grant_obtain


class Command(BaseCommand):
    help = (
        "Recompute the assessment of every open request as of today, so that urgency rises as "
        "absences lengthen and deadlines near. `objector run` does this hourly (`objector hourly` "
        "asks the task workers to do it now); by hand it needs --username and that staff "
        "member's unlock passphrase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        grant_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        grant_obtain("reassess", options)
        try:
            changed = requests_reassess(today=timezone.localdate())
        except GrantRequired:
            raise grant_missing("reassess") from None
        except VaultSealed:
            raise CommandError(
                "the vault is sealed: unlock it to reassess / хранилище запечатано: "
                "откройте его, чтобы пересчитать оценки"
            ) from None
        self.stdout.write(f"{changed} changed / изменилось: {changed}")
