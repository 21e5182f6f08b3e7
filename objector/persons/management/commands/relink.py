from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.persons.actions import persons_relink
from objector.vault.keys import GrantRequired, VaultSealed
from objector.vault.management.grant import grant_arguments, grant_missing, grant_obtain


class Command(BaseCommand):
    help = (
        "Link every mention of the person registry afresh and replay the lawyers' merges and "
        "splits. The worker links each new mention as it comes; run this after the linking "
        "core improves. Needs the vault unlocked and, under `objector run`, --username and that "
        "staff member's unlock passphrase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        grant_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        grant_obtain("relink", options)
        try:
            done = persons_relink()
        except GrantRequired:
            raise grant_missing("relink") from None
        except VaultSealed:
            raise CommandError(
                "the vault is sealed: unlock it to link / хранилище запечатано: "
                "откройте его, чтобы связать упоминания"
            ) from None
        self.stdout.write(
            "{mentions} mentions, {persons} persons, {moved} moved / упоминаний: {mentions}, "
            "людей: {persons}, перенесено: {moved}".format(**done)
        )
