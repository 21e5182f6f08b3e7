"""`objector extract FILE [--format json|text]`: persons and facts of a document. No Django."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import TextIO

from . import extract_pages
from .model import Extraction
from .reader import LIMITS, DocumentError, read_document

ROLE_NAMES = {
    "subject": "субъект приказа / subject of the order",
    "plaintiff": "истец / plaintiff",
    "judge": "судья / judge",
    "secretary": "секретарь / secretary",
    "signatory": "подписант / signatory",
    "representative": "представитель / representative",
    "mentioned": "упомянут / mentioned",
}

UNCERTAIN_NAMES = {
    "case": "падеж не определён / the case is not settled",
    "fleeting_vowel": "беглая гласная не определена / the fleeting vowel is not settled",
    "surname_form": "Луговая или Лугова? / adjectival or possessive surname?",
    "first_name": "имени нет в словаре / the first name is not in the dictionary",
    "ambiguous_initials": "инициалы подходят к однофамильцам / the initials fit namesakes",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="objector extract",
        description="Extract persons and document facts. Извлечь лиц и реквизиты документа.",
    )
    parser.add_argument(
        "file",
        help="файл .txt, .pdf, .png, .jpg, .tiff, .heic или .docx / "
        "a .txt, .pdf, .png, .jpg, .tiff, .heic or .docx file",
    )
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="JSON или читаемый текст / JSON or readable text",
    )
    parser.add_argument(
        "--time-limit",
        type=int,
        default=120,
        metavar="SECONDS",
        help="прервать чтение после стольких секунд (по умолчанию 120) / "
        "stop reading after this many seconds (default 120)",
    )
    return parser


def _too_slow(signum: int, frame: object) -> None:
    raise DocumentError("too_slow")


def main(argv: list[str], stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    args = build_parser().parse_args(argv)
    try:
        with open(args.file, "rb") as f:
            content = f.read(LIMITS.max_bytes + 1)
    except OSError as exc:
        stderr.write(
            "objector extract: не удаётся прочитать файл / cannot read "
            f"{args.file}: {exc.strerror}\n"
        )
        return 2
    # A time limit (issue #13): a hostile file must not run for ever.
    signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(max(1, args.time_limit))
    try:
        _, pages = read_document(content)
        result = extract_pages(pages)
    except DocumentError as exc:
        stderr.write(f"objector extract: {exc.message('ru')} / {exc.message('en')}\n")
        return 2
    finally:
        signal.alarm(0)
    out = render_text(result) if args.format == "text" else _json(result)
    try:
        stdout.write(out)
        stdout.flush()
    except BrokenPipeError:  # `objector extract … | head`: the reader has had enough
        # Python flushes stdout again at exit; point it at nothing so that says nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


def _json(result: Extraction) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"


def render_text(result: Extraction) -> str:
    lines = [
        f"Вид / kind: {result.kind}",
        f"Номер / number: {result.number or '—'}",
        f"Дата / date: {result.date or '—'}",
        f"Часть / unit: {result.unit or '—'}",
    ]
    if result.court:
        lines.append(f"Суд / court: {result.court}")
    if result.articles:
        lines.append(f"Статьи / articles: {'; '.join(result.articles)}")
    lines.append(f"Лица / persons: {len(result.persons)}")
    for i, p in enumerate(result.persons, 1):
        name = " ".join(x for x in (p.last, p.first, p.middle) if x)
        extra = [ROLE_NAMES[p.role]]
        if p.rank:
            extra.insert(0, p.rank)
        if p.personal_number:
            extra.append(f"л/н {p.personal_number}")
        if p.unit:
            extra.append(p.unit)
        pages = ",".join(str(n) for n in sorted({m.page for m in p.mentions}))
        where = f"с./p. {pages}; упоминаний / mentions: {len(p.mentions)}"
        flag = " ⚠ сверьте с изображением / check against the image" if p.needs_review else ""
        if p.uncertain:
            flag += f" ⚠ {UNCERTAIN_NAMES[p.uncertain]}"
        lines.append(f"{i:>4}. {name} — {'; '.join(extra)} ({where}){flag}")
    if result.anonymized_count:
        lines.append(f"Обезличено лиц / anonymized persons: {result.anonymized_count}")
    return "\n".join(lines) + "\n"
