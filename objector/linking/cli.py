"""`objector link FILE.jsonl [--explain]`: which mentions name one person. No Django.

Input, one mention a line: {"id", "name", "unit" (or null), "birth_date" (YYYY-MM-DD or null),
"source"}. Output, one line a mention: {"id", "person"}; with --explain, each link's evidence too,
and for an uncertain link why ("uncertain": {"why", "ru", "en"}). The summary on stderr gives the
persons, the range between making every uncertain non-link and cutting every uncertain link, and
how many links are uncertain for each reason (`link.DOUBTS`).
A bad line is reported on stderr with its number and skipped; the rest is still linked, and the
exit status is then 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, BinaryIO, TextIO

from .link import (
    DOUBTS,
    Evidence,
    Mention,
    Record,
    Result,
    _Unreadable,
    gc_paused,
    link_records,
    read_names,
)
from .normalise import NameError_

MAX_LINE = 4096  # characters; a name, a unit and a date fit many times over
# A line of MAX_LINE characters is at most this many bytes of UTF-8: a longer one is refused by
# its first bytes, and the rest of it is read past, never held (red team, round 9: a line of
# 200 MB took 420 MB of memory, a file with no newline all of it).
MAX_LINE_BYTES = 4 * MAX_LINE + 2  # and its "\r\n"
CHUNK = 1 << 16
MAX_NAME = 200
MAX_FIELD = 100
FIELDS = {"id", "name", "unit", "birth_date", "source"}


class LineError(ValueError):
    def __init__(self, ru: str, en: str) -> None:
        super().__init__(en)
        self.ru, self.en = ru, en


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="objector link",
        description="Link mentions of one person. Связать упоминания одного человека.",
    )
    parser.add_argument(
        "file",
        help="файл JSONL, одно упоминание в строке (- для stdin) / "
        "a JSONL file, one mention a line (- for stdin)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="показать доводы каждой связи / show each link's evidence",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="читать имена в N процессах / read the names in N processes (default 1)",
    )
    return parser


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(
            "число процессов от 1 до 64 / the number of processes, 1 to 64"
        )
    return int(text)


def _too_long() -> LineError:
    return LineError(
        f"строка длиннее {MAX_LINE} символов", f"the line is longer than {MAX_LINE} characters"
    )


def parse_line(text: str) -> Mention:
    if len(text) > MAX_LINE:
        raise _too_long()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(
            f"не JSON ({exc.msg}, символ {exc.pos + 1})",
            f"not JSON ({exc.msg}, character {exc.pos + 1})",
        ) from None
    except RecursionError:
        # "[[[[…" two thousand deep, within MAX_LINE: json's decoder recurses once a level, and
        # the error stopped the whole run (red team, round 9). A mention is one flat object.
        raise LineError(
            "не JSON (слишком глубокая вложенность)", "not JSON (nested too deeply)"
        ) from None
    if not isinstance(data, dict):
        raise LineError("ожидался объект JSON {…}", "expected a JSON object {…}")
    if not data.keys() <= FIELDS:
        unknown = sorted(set(data) - FIELDS)
        raise LineError(
            f"неизвестные поля: {', '.join(unknown)}", f"unknown fields: {', '.join(unknown)}"
        )
    ident = data.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or ident == "":
        raise LineError("нет поля id (строка или число)", "no id (a string or a number)")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise LineError("нет поля name (непустая строка)", "no name (a non-empty string)")
    if len(name) > MAX_NAME:
        raise LineError(
            f"имя длиннее {MAX_NAME} символов", f"the name is longer than {MAX_NAME} characters"
        )
    unit = data.get("unit")
    source = data.get("source", "")
    for field, value in (("unit", unit), ("source", source)):
        if value is not None and (not isinstance(value, str) or len(value) > MAX_FIELD):
            raise LineError(
                f"поле {field}: строка до {MAX_FIELD} символов или null",
                f"{field}: a string of at most {MAX_FIELD} characters, or null",
            )
    return Mention(str(ident), name, unit, _birth_date(data.get("birth_date")), source or "")


def _birth_date(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError("birth_date: строка ГГГГ-ММ-ДД или null", "birth_date: YYYY-MM-DD or null")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        # The value is not repeated: a birth date is personal data, and stderr may be logged.
        raise LineError(
            "birth_date: нет такой даты (ГГГГ-ММ-ДД)", "birth_date: no such date (YYYY-MM-DD)"
        ) from None
    if not 1900 <= day.year <= date.today().year:
        raise LineError(
            f"birth_date: год {day.year} невозможен",
            f"birth_date: the year {day.year} is impossible",
        )
    return day


def read_mentions(
    lines: Iterable[bytes], stderr: TextIO, jobs: int = 1
) -> tuple[list[Record], int]:
    """The readable mentions as records, and how many lines were bad (each reported, in the
    order of the lines). Lines are checked first, then their names read (in `jobs` processes)."""
    parsed: list[tuple[int, Mention]] = []
    errors: list[tuple[int, str]] = []
    seen: set[str] = set()
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            if len(raw) > MAX_LINE_BYTES:  # bounded_lines cut it short: nothing else is as long
                raise _too_long()
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise LineError(
                    f"не UTF-8 (байт {exc.start + 1})", f"not UTF-8 (byte {exc.start + 1})"
                ) from None
            mention = parse_line(line)
            if mention.id in seen:
                raise LineError(f"id «{mention.id}» уже был", f"the id {mention.id!r} came before")
        except LineError as exc:
            errors.append((number, f"строка {number}: {exc.ru} / line {number}: {exc.en}"))
            continue
        seen.add(mention.id)
        parsed.append((number, mention))
    records: list[Record] = []
    names = read_names([m.name for _, m in parsed], jobs)
    for (number, mention), name in zip(parsed, names, strict=True):
        if isinstance(name, NameError_):
            errors.append(
                (
                    number,
                    f"строка {number}: в имени нет букв / line {number}: the name has no letters",
                )
            )
        elif isinstance(name, BaseException):
            errors.append(
                (
                    number,
                    f"строка {number}: имя не прочитано / "
                    f"line {number}: the name could not be read ({_failure(name)})",
                )
            )
        else:
            records.append(Record.of(len(records), mention, name))
    for _, message in sorted(errors):
        stderr.write(f"objector link: {message}\n")
    return records, len(errors)


def bounded_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's lines, each cut after MAX_LINE_BYTES + 1 bytes: an overlong line is read
    past in chunks, so memory stays bounded whatever a line's length (or a file's without a
    newline)."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
        yield line


def _failure(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, _Unreadable) else type(exc).__name__


def main(
    argv: list[str],
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
    stdin: BinaryIO | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    with gc_paused():  # one batch: see gc_paused
        return _run(args, stdout, stderr, stdin)


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO, stdin: BinaryIO | None) -> int:
    try:
        if args.file == "-":
            lines = bounded_lines(stdin or sys.stdin.buffer)
            records, bad = read_mentions(lines, stderr, args.jobs)
        else:
            with open(args.file, "rb") as f:
                records, bad = read_mentions(bounded_lines(f), stderr, args.jobs)
    except OSError as exc:
        stderr.write(
            f"objector link: не удаётся прочитать файл / cannot read {args.file}: {exc.strerror}\n"
        )
        return 2
    result = link_records(records, evidence=args.explain)
    by_mention: dict[int, list[Evidence]] = defaultdict(list)
    for ev in result.links:
        by_mention[ev.a].append(ev)
        by_mention[ev.b].append(ev)
    try:
        if args.explain:
            for rec, label in zip(records, result.labels, strict=True):
                row: dict[str, Any] = {"id": rec.mention.id, "person": f"P{label + 1}"}
                row["links"] = [_explained(ev, records, rec) for ev in by_mention[rec.index]]
                stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            # The lines json.dumps would write, without a dict and a dumps call a line.
            quote = json.JSONEncoder(ensure_ascii=False).encode
            stdout.writelines(
                f'{{"id": {quote(rec.mention.id)}, "person": "P{label + 1}"}}\n'
                for rec, label in zip(records, result.labels, strict=True)
            )
        stdout.flush()
    except BrokenPipeError:  # `objector link … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1 if bad else 0
    stderr.write(summary(result, len(records), bad))
    return 1 if bad else 0


def _explained(ev: Evidence, records: list[Record], rec: Record) -> dict[str, Any]:
    """One link of --explain: with whom, its score and verdicts, and if uncertain, why (in
    Russian and English)."""
    out: dict[str, Any] = {
        "with": records[ev.b if ev.a == rec.index else ev.a].mention.id,
        "score": round(ev.score, 2),
        "evidence": ev.fields,
    }
    if ev.doubt:
        ru, en = DOUBTS[ev.doubt]
        out["uncertain"] = {"why": ev.doubt, "ru": ru, "en": en}
    return out


def summary(result: Result, mentions: int, bad: int) -> str:
    """The line on stderr: the persons, the range cutting or making the uncertain links leaves,
    and why the links are uncertain, in Russian, then (after " / ") in English."""
    why: dict[str, int] = {k: 0 for k in DOUBTS}
    for doubt in result.doubts.values():
        why[doubt] += 1
    return (
        f"objector link: упоминаний {mentions}, лиц {result.persons} "
        f"(от {result.persons_if_merged} до {result.persons_if_split}), "
        f"неуверенных связей {result.uncertain} (оценка у порога {why['score']}, "
        f"упоминание без части и даты подходит и другому лицу {why['thin']}, "
        f"часть с одной стороны и дата с другой {why['complementary']}), "
        f"неуверенных несвязей {result.uncertain_nonlinks}; отклонено строк {bad} / "
        f"{mentions} mentions, {result.persons} persons "
        f"({result.persons_if_merged} to {result.persons_if_split}), "
        f"{result.uncertain} uncertain links ({why['score']} scored near the decision, "
        f"{why['thin']} a mention with neither unit nor birth date that fits another person "
        f"too, {why['complementary']} a unit on one side and a birth date on the other), "
        f"{result.uncertain_nonlinks} uncertain non-links; {bad} lines rejected\n"
    )
