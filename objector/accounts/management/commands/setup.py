import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.accounts import actions


class Command(BaseCommand):
    help = (
        "First run: create the organisation, its first administrator and the unlock passphrase. "
        "The password and passphrase are read from OBJECTOR_SETUP_PASSWORD and "
        "OBJECTOR_SETUP_PASSPHRASE, or asked for; never from the command line, where other "
        "users of the machine could read them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="the organisation's name")
        parser.add_argument("--username", required=True, help="the first administrator")
        parser.add_argument("--language", choices=["ru", "en"], default="ru")

    def _secret(self, variable: str, prompt: str) -> str:
        value = os.environ.get(variable)
        if value is not None:
            return value
        first = getpass.getpass(prompt + ": ")
        if getpass.getpass(prompt + " (again / ещё раз): ") != first:
            raise CommandError("the two entries differ / введённые значения не совпадают")
        return first

    def handle(self, *args: Any, organisation: str, username: str, language: str, **_: Any) -> None:
        if actions.organisation_exists():
            raise CommandError("setup is already done / настройка уже выполнена")
        password = self._secret("OBJECTOR_SETUP_PASSWORD", "Password / Пароль")
        passphrase = self._secret(
            "OBJECTOR_SETUP_PASSPHRASE", "Unlock passphrase / Фраза разблокировки"
        )
        try:
            actions.organisation_setup(
                name=organisation,
                username=username,
                password=password,
                passphrase=passphrase,
                language=language,
            )
        except actions.SetupError as exc:
            raise CommandError(f"{exc.field}: {exc.message} / {exc.message_ru}") from None
        self.stdout.write(
            f"Organisation created; sign in as {username} at /staff/login"
            f" / Организация создана; войдите как {username} на /staff/login"
        )
