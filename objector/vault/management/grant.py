"""What a shell command that opens sealed data asks of the person running it: a staff member who
may unlock, and their unlock passphrase (vault.actions.operator_grant; docs/threat-model.md, "a
shell as the service's user"). Without them the key-holder opens nothing for the command."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from objector.vault import crypto, keyholder
from objector.vault.actions import NoKey, operator_grant


def grant_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--username",
        help="a staff member who may unlock; their unlock passphrase is asked for (needed "
        "while the service runs under `objector run`) / сотрудник, который может открыть "
        "хранилище; его фраза разблокировки будет запрошена",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        help="a file holding that passphrase, instead of typing it / файл с этой фразой",
    )


def grant_obtain(command: str, options: dict[str, Any]) -> None:
    """A grant for this process when --username is given; nothing otherwise (the key-holder
    then refuses what needs one, and grant_missing says so)."""
    username = options.get("username")
    if not username:
        return
    source = options.get("passphrase_file")
    if source is not None:
        passphrase = Path(source).read_text(encoding="utf-8").rstrip("\r\n")
    else:
        passphrase = getpass.getpass(
            f"Unlock passphrase of {username} / Фраза разблокировки {username}: "
        )
    try:
        operator_grant(username=username, passphrase=passphrase, command=command)
    except NoKey:
        raise CommandError(
            f"--username: {username} may not unlock (or no such active account)"
            f" / {username} не может открывать хранилище (или такой активной учётной записи нет)"
        ) from None
    except crypto.VaultError:
        raise CommandError(
            "the unlock passphrase is wrong (recorded in the audit log)"
            " / фраза разблокировки неверна (записано в журнал аудита)"
        ) from None
    except keyholder.KeyHolderError as exc:
        if str(exc) == "sealed":
            raise CommandError(
                "the vault is sealed: unlock it first / хранилище запечатано: сначала откройте его"
            ) from None
        raise CommandError(
            f"the key-holder gave no grant: {exc} / хранитель ключа не выдал разрешение: {exc}"
        ) from None


def grant_missing(command: str) -> CommandError:
    """The refusal when the key-holder asked for a grant this command did not have."""
    return CommandError(
        f"`objector {command}` opens sealed data, which the key-holder opens for a command at "
        "the shell only with a staff member's unlock passphrase: add --username NAME (the "
        "passphrase is asked for, or read from --passphrase-file FILE)"
        f" / `objector {command}` открывает зашифрованные данные, а хранитель ключа открывает "
        "их команде из оболочки только по фразе разблокировки сотрудника: добавьте --username "
        "ИМЯ (фраза будет запрошена или прочитана из --passphrase-file ФАЙЛ)",
        returncode=3,
    )
