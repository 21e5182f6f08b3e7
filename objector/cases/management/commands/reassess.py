from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from objector.cases.actions import requests_reassess


class Command(BaseCommand):
    help = (
        "Recompute the assessment of every open request as of today, so that urgency rises as "
        "absences lengthen and deadlines near. `objector run` does this hourly; run it from cron "
        "when the workers run elsewhere."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = requests_reassess(today=timezone.localdate())
        self.stdout.write(f"{changed} changed / изменилось: {changed}")
