from typing import Any

from django.core.management.base import BaseCommand

from objector.vault import keyholder
from objector.vault.actions import vault_seal


class Command(BaseCommand):
    help = "Seal the vault now: the key-holder drops the private key and staff are signed out."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            vault_seal(staff=None)
        except keyholder.KeyHolderError:
            self.stdout.write(
                "the key-holder was not running; staff sessions ended"
                " / хранитель ключа не был запущен; сессии сотрудников завершены"
            )
            return
        self.stdout.write("sealed / запечатано")
