"""`objector draft KIND --facts FILE [--out F.docx] [--pdf] [--json]`: a filing drafted from a
JSON file of the case's data. No Django (`objector draft KIND --case REF` is the Django command
of the same verb, for a case in the database)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from .core import KINDS, Draft, FilingError, draft, load_json
from .pdf import PdfError, to_pdf

MAX_FACTS_BYTES = 5 * 1024 * 1024


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="objector draft",
        description="Draft a filing. Подготовить черновик документа.",
    )
    parser.add_argument("kind", choices=KINDS, help="вид документа / the kind of document")
    parser.add_argument(
        "--facts",
        required=True,
        help="JSON-файл с данными дела (пример: docs/examples/draft-claim.json) / "
        "a JSON file of the case's data (example: docs/examples/draft-claim.json)",
    )
    parser.add_argument("--out", help="куда записать .docx / where to write the .docx")
    parser.add_argument("--pdf", action="store_true", help="также PDF / also a PDF")
    parser.add_argument(
        "--templates",
        help="каталог шаблонов организации / the organisation's templates directory",
    )
    parser.add_argument("--json", action="store_true", help="отчёт в JSON / the report as JSON")
    return parser


def report(result: Draft) -> list[str]:
    """The cover note, the blanks, the checks and the name forms, as the lawyer reads them."""
    lines = ["Сопроводительная записка / cover note:"]
    lines += [f"  {line}" for line in result.cover.lines()]
    if result.companions:
        lines.append(f"  Приложить / goes with: {', '.join(result.companions)}")
    if result.plaintiffs:
        lines.append(f"  Истцов / plaintiffs: {result.plaintiffs}")
    if result.outreach:
        lines.append(
            f"  Без согласия, не включены (связаться) / without consent, left out: "
            f"{len(result.outreach)}"
        )
        lines += [f"    {p['name']} (п. {p['item']})" for p in result.outreach]
    for check in result.checks:
        lines.append(f"  Проверить / check: {check}")
    if result.forms:
        lines.append("Падежные формы / name forms:")
        lines += [f"  {f.nominative} → {f.form} ({f.case})" for f in result.forms]
    return lines


def main(argv: list[str], stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    args = build_parser().parse_args(argv)
    try:
        with open(args.facts, "rb") as f:
            content = f.read(MAX_FACTS_BYTES + 1)
    except OSError as exc:
        stderr.write(
            f"objector draft: не удаётся прочитать файл / cannot read {args.facts}: "
            f"{exc.strerror}\n"
        )
        return 2
    try:
        if len(content) > MAX_FACTS_BYTES:
            raise FilingError(
                "facts",
                f"facts: the file is larger than {MAX_FACTS_BYTES // 1024 // 1024} MB",
                f"facts: файл больше {MAX_FACTS_BYTES // 1024 // 1024} МБ",
            )
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise FilingError(
                "facts", "facts: the file is not UTF-8 text", "facts: файл не в кодировке UTF-8"
            ) from None
        override = Path(args.templates) if args.templates else None
        result = draft(args.kind, load_json(text), override_dir=override)
        out = Path(args.out or f"{args.kind}.docx")
        out.write_bytes(result.docx)
        written = [str(out)]
        if args.pdf:
            pdf_path = out.with_suffix(".pdf")
            pdf_path.write_bytes(to_pdf(result.docx))
            written.append(str(pdf_path))
    except (FilingError, PdfError) as exc:
        stderr.write(f"objector draft: {exc.message_ru} / {exc.message}\n")
        return 2
    except OSError as exc:
        stderr.write(f"objector draft: не удаётся записать / cannot write: {exc.strerror}\n")
        return 2
    try:
        if args.json:
            stdout.write(
                json.dumps({**result.as_dict(), "files": written}, ensure_ascii=False, indent=2)
                + "\n"
            )
        else:
            stdout.write("\n".join([*(f"→ {w}" for w in written), *report(result)]) + "\n")
        stdout.flush()
    except BrokenPipeError:
        # The reader closed the pipe (`| head`): stop quietly, as `objector extract` does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
