from typing import Any

from django.core.management.base import BaseCommand, CommandError

from objector.persons.actions import persons_relink
from objector.vault.keys import VaultSealed


class Command(BaseCommand):
    help = (
        "Link every mention of the person registry afresh and replay the lawyers' merges and "
        "splits. The worker links each new mention as it comes; run this after the linking "
        "core improves. Needs the vault unlocked."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = persons_relink()
        except VaultSealed:
            raise CommandError(
                "the vault is sealed: unlock it to link / хранилище запечатано: "
                "откройте его, чтобы связать упоминания"
            ) from None
        self.stdout.write(
            "{mentions} mentions, {persons} persons, {moved} moved / упоминаний: {mentions}, "
            "людей: {persons}, перенесено: {moved}".format(**done)
        )
