from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.accounts.actions import organisation_exists
from objector.cases.demo import demo_fill
from objector.intake.models import Request


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic organisation: 3 coordinators, 8 lawyers, an "
        "analyst, 2,000 requests over 10 weeks with a surge, and 200 cases in every state."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=2000)
        parser.add_argument("--cases", type=int, default=200)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, requests: int, cases: int, seed: int, **_: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "the demo sets a public password and is refused in production"
                " / демо-данные задают общеизвестный пароль и запрещены в рабочем режиме"
            )
        if organisation_exists() or Request.objects.exists():
            raise CommandError(
                "the database is not empty; use a fresh OBJECTOR_DATA_DIR"
                " / база данных не пуста; укажите новый OBJECTOR_DATA_DIR"
            )
        if not 0 < cases <= requests:
            raise CommandError(
                "--cases must be between 1 and --requests"
                " / --cases должно быть от 1 до значения --requests"
            )
        made = demo_fill(requests=requests, cases=cases, seed=seed)
        self.stdout.write("Demo accounts / Демо-учётные записи:")
        for role, names in made["staff"].items():
            self.stdout.write(f"  {role}: {', '.join(names)}")
        self.stdout.write(f"Password for all / Пароль для всех: {made['password']}")
        # Names and stories are sealed until someone unlocks the vault: say how.
        self.stdout.write(
            f"Vault unlock passphrase / Фраза разблокировки хранилища: {made['passphrase']}\n"
            f"  Sign in as {made['key_holder']}, open Vault and enter it; until then names are"
            f" hidden.\n"
            f"  Войдите как {made['key_holder']}, откройте «Хранилище» и введите её; до тех пор"
            f" имена скрыты."
        )
