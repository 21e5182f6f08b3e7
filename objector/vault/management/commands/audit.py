import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.vault.audit import chain_verify, verify_limits
from objector.vault.audit import head as audit_head

CANNOT_VERIFY = 2  # the exit status when nothing is broken but the log cannot be proven whole


class Command(BaseCommand):
    help = (
        "The audit log. `verify` checks the keyed chain (the HMACs through the key-holder) and "
        "that it reaches an anchor kept outside the database (--head, the key-holder's memory, "
        "OBJECTOR_AUDIT_ANCHOR_FILE); it says 'cannot verify' (exit 2) rather than 'whole' when "
        "something could not be checked. `head` prints the head to export."
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
        limits = verify_limits(exported_head=head)
        for english, russian in limits:
            self.stderr.write(f"{english} / {russian}")
        if limits:
            raise CommandError(
                "cannot verify the audit log: no break found, but not everything could be "
                "checked / проверить журнал аудита полностью нельзя: нарушений не найдено, но "
                "проверено не всё",
                returncode=CANNOT_VERIFY,
            )
        self.stdout.write("the audit log is whole / журнал аудита цел")
