import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.vault.audit import KEYED, chain_verify, entries_of, objects_open, verify_limits
from objector.vault.audit import head as audit_head
from objector.vault.keys import GrantRequired, VaultSealed
from objector.vault.management.grant import grant_arguments, grant_missing, grant_obtain
from objector.vault.models import AuditEntry

CANNOT_VERIFY = 2  # the exit status when nothing is broken but the log cannot be proven whole


class Command(BaseCommand):
    help = (
        "The audit log. `verify` checks the keyed chain (the HMACs through the key-holder) and "
        "that it reaches an anchor kept outside the database (--head, the key-holder's memory, "
        "OBJECTOR_AUDIT_ANCHOR_FILE); it says 'cannot verify' (exit 2) rather than 'whole' when "
        "something could not be checked. `head` prints the head to export. `show` lists the "
        "last entries (--last) or an object's (--object TYPE:ID), with their objects: a "
        "request's, a document's, a draft's or a person's id is sealed, read while unlocked and, "
        "under `objector run`, only with --username and that staff member's unlock passphrase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["verify", "head", "show"])
        parser.add_argument("--head", help="a head printed earlier by `objector audit head`")
        parser.add_argument(
            "--object", dest="wanted", help="show: this object's entries, as TYPE:ID"
        )
        parser.add_argument("--last", type=int, default=50, help="show: how many (50)")
        grant_arguments(parser)

    def handle(
        self,
        *args: Any,
        what: str,
        head: str | None,
        wanted: str | None,
        last: int,
        **options: Any,
    ) -> None:
        if what == "head":
            self.stdout.write(audit_head())
            return
        if what == "show":
            grant_obtain("audit show", options)
            self._show(wanted, last)
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

    def _show(self, wanted: str | None, last: int) -> None:
        try:
            if wanted is not None:
                kind, _, pk = wanted.partition(":")
                if not kind or not pk:
                    raise CommandError("--object must look like person:12 / формат: person:12")
                entries = entries_of(kind, pk)[-last:]
            else:
                entries = list(AuditEntry.objects.order_by("-seq")[:last])[::-1]
            objects = objects_open(entries)
        except GrantRequired:
            raise grant_missing("audit show") from None
        except VaultSealed:
            raise CommandError(
                "the vault is sealed: the objects of "
                f"{', '.join(sorted(KEYED))} are sealed; unlock it first / хранилище "
                "запечатано: разблокируйте его"
            ) from None
        for e in entries:
            at = e.at.isoformat(timespec="seconds")
            self.stdout.write(
                f"{e.seq}\t{at}\t{e.actor_name}\t{e.action}\t{e.object_type}\t{objects[e.seq]}"
            )
