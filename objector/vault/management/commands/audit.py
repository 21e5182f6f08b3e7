import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.vault.audit import chain_verify
from objector.vault.audit import head as audit_head


class Command(BaseCommand):
    help = (
        "The audit log. `verify` checks the hash chain (and, with --head, that it still reaches "
        "a head exported earlier); `head` prints the head to export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["verify", "head"])
        parser.add_argument("--head", help="a head printed earlier by `objector audit head`")

    def handle(self, *args: Any, what: str, head: str | None, **_: Any) -> None:
        if what == "head":
            self.stdout.write(audit_head())
            return
        if head is not None and not re.fullmatch(r"\d+:[0-9a-f]{64}", head):
            raise CommandError("--head must look like 123:<64 hex digits> / неверный формат --head")
        problems = chain_verify(exported_head=head)
        for problem in problems:
            self.stderr.write(
                f"entry {problem.seq}: {problem.what} / запись {problem.seq}: {problem.what_ru}"
            )
        if problems:
            raise CommandError(
                f"the audit log is broken in {len(problems)} place(s)"
                f" / журнал аудита нарушен: {len(problems)}"
            )
        self.stdout.write("the audit log is whole / журнал аудита цел")
