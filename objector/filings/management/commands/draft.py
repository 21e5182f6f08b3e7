"""`objector draft KIND --case REF --by USERNAME [--out F.docx] [--pdf]`: a filing drafted from a
case in the database and stored as its next version, as the case page does. (`objector draft
KIND --facts FILE` is the plain-Python command of the same verb, without a database.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from objector.accounts.models import Staff
from objector.cases.access import access_request
from objector.intake.models import Request
from objector.vault.keys import GrantRequired, VaultSealed
from objector.vault.management.grant import grant_arguments, grant_missing, grant_obtain

from ... import actions, core, pdf


class Command(BaseCommand):
    help = "Draft a filing for a case. Подготовить черновик документа по делу."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = [k for k in core.KINDS if k != "claim_dismissal_joint"]
        parser.add_argument("kind", choices=kinds)
        parser.add_argument("--case", required=True, help="код обращения / the case's reference")
        parser.add_argument(
            "--by", required=True, help="кто готовит (сотрудник) / the staff member drafting"
        )
        parser.add_argument("--out", help="куда записать .docx / where to write the .docx")
        parser.add_argument("--pdf", action="store_true", help="также PDF / also a PDF")
        grant_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        grant_obtain("draft", options)
        staff = Staff.objects.filter(username=options["by"], is_active=True).first()
        if staff is None:
            raise CommandError(
                f"--by: нет такого сотрудника / no such staff member: {options['by']}"
            )
        reference = options["case"].strip().upper()
        found = Request.objects.filter(reference=reference).only("pk").first()
        try:
            if found is None:
                raise Http404
            case = access_request(staff, found.pk)
        except Http404:
            raise CommandError(
                f"--case: нет такого дела среди доступных / no such case visible to "
                f"{staff.username}: {reference}"
            ) from None
        try:
            draft = actions.draft_create(
                case=case, kind=options["kind"], inputs={}, by=staff, today=timezone.localdate()
            )
        except GrantRequired:
            raise grant_missing("draft") from None
        except VaultSealed:
            raise CommandError("хранилище запечатано / the vault is sealed") from None
        except core.FilingError as exc:
            raise CommandError(f"{exc.message_ru} / {exc.message}") from None
        out = Path(options["out"] or f"{draft.kind}-v{draft.version}.docx")
        content = draft.docx()
        out.write_bytes(content)
        written = [str(out)]
        if options["pdf"]:
            try:
                out.with_suffix(".pdf").write_bytes(pdf.to_pdf(content))
            except pdf.PdfError as exc:
                raise CommandError(f"{exc.message_ru} / {exc.message}") from None
            written.append(str(out.with_suffix(".pdf")))
        result = draft.report()
        self.stdout.write("\n".join(f"→ {w}" for w in written))
        self.stdout.write(f"версия / version {draft.version}")
        self.stdout.write("\n".join(_report_lines(result)))


def _report_lines(result: dict[str, Any]) -> list[str]:
    lines = ["Сопроводительная записка / cover note:"]
    cover = result["cover"]
    if cover["due"]:
        state = "истёк / expired" if cover["expired"] else "не истёк / open"
        lines.append(f"  {cover['deadline']}: {cover['due']} ({cover['basis']}), {state}")
    lines += [f"  {a}" for a in cover["advice"]]
    lines += [f"  Проверить / check: {c}" for c in result["checks"]]
    return lines
