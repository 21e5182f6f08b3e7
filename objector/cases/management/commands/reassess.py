from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from objector.cases.actions import requests_reassess
from objector.vault.keys import VaultSealed


class Command(BaseCommand):
    help = (
        "Recompute the assessment of every open request as of today, so that urgency rises as "
        "absences lengthen and deadlines near. `objector run` does this hourly; run it from cron "
        "when the workers run elsewhere."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = requests_reassess(today=timezone.localdate())
        except VaultSealed:
            raise CommandError(
                "the vault is sealed: unlock it to reassess / хранилище запечатано: "
                "откройте его, чтобы пересчитать оценки"
            ) from None
        self.stdout.write(f"{changed} changed / изменилось: {changed}")
