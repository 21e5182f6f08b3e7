"""`objector link FILE.jsonl [--explain]`: which mentions name one person. No Django.

Input, one mention a line: {"id", "name", "unit" (or null), "birth_date" (or null), "source"}
(or one JSON array of such objects); the forms people write are read (`fields`): dates as
16.02.1988 or «16 февраля 1988 г.» (a month and year or a year alone kept as a partial date),
units as a number or «ВЧ-12345», a name as an object of parts, other fields left out. Output,
one line a mention: {"id", "person"}; with --explain, each link's evidence too, and for an
uncertain link why ("uncertain": {"why", "ru", "en"}). The summary on stderr gives the persons,
the range between making every uncertain non-link and cutting every uncertain link, and how
many links are uncertain for each reason (`link.DOUBTS`).
A bad line is reported on stderr with its number and skipped, the rest still linked, and the
exit status is then 1; a value read as none (31.02.1988), a line not in UTF-8, an id repeated,
is a warning naming the line, and the mention is linked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO, TextIO

from . import fields
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
# A file that is one JSON array is read whole: no larger than this (a million mentions of an
# export fit in it; JSON lines are read a line at a time, whatever the file's size).
MAX_ARRAY = 256 << 20


class ArrayTooLarge(Exception):
    pass


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
    """One line's mention; `LineError` if it is none. Warnings are dropped: `parse`."""
    return parse(text)[0]


def parse(text: str) -> tuple[Mention, list[tuple[str, str]], list[str]]:
    """One line's mention, the warnings (Russian, English) on what was read as none, and the
    names of the fields it has that are not read (an export's own: kept out, never an error)."""
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
    return from_object(data)


def from_object(data: Any) -> tuple[Mention, list[tuple[str, str]], list[str]]:
    if not isinstance(data, dict):
        raise LineError("ожидался объект JSON {…}", "expected a JSON object {…}")
    ident = data.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or ident == "":
        raise LineError("нет поля id (строка или число)", "no id (a string or a number)")
    name, unit = data.get("name"), data.get("unit")
    try:
        if type(name) is not str or not name.strip():
            name = fields.name(name)
        if unit is not None and type(unit) is not str:
            unit = fields.unit(unit)
    except fields.Unreadable as exc:
        raise LineError(exc.ru, exc.en) from None
    if len(name) > MAX_NAME:
        raise LineError(
            f"имя длиннее {MAX_NAME} символов", f"the name is longer than {MAX_NAME} characters"
        )
    source = data.get("source", "")
    for field, value in (("unit", unit), ("source", source)):
        if value is not None and (not isinstance(value, str) or len(value) > MAX_FIELD):
            raise LineError(
                f"поле {field}: строка до {MAX_FIELD} символов или null",
                f"{field}: a string of at most {MAX_FIELD} characters, or null",
            )
    born: date | None = None
    partial: fields.Partial | None = None
    warning = None
    written = data.get("birth_date")
    try:  # YYYY-MM-DD, as most lines write it, the quick way
        if written is not None:
            born = date.fromisoformat(written)
            if not 1900 <= born.year <= date.today().year:
                raise ValueError
    except (TypeError, ValueError):
        born, partial, warning = fields.birth(written)
    ignored = [] if data.keys() <= FIELDS else sorted(data.keys() - FIELDS)
    mention = Mention(str(ident), name, unit, born, source or "", partial)
    return mention, [warning] if warning else [], ignored


def _decode(raw: bytes, first: bool) -> tuple[str, tuple[str, str] | None]:
    """A line that is not UTF-8 as text: a line of Windows-1251 (an export from Excel), or
    UTF-8 with a stray byte, each with a warning."""
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        at = exc.start + 1
    if _UTF8_CYRILLIC.search(raw):
        return raw.decode("utf-8", "replace"), (
            f"не UTF-8 (байт {at}): байт заменён пробелом",
            f"not UTF-8 (byte {at}): the byte read as a space",
        )
    return raw.decode("cp1251", "replace"), (
        "не UTF-8: прочитано как Windows-1251",
        "not UTF-8: read as Windows-1251",
    )


_UTF8_CYRILLIC = re.compile(rb"[\xd0\xd1][\x80-\xbf]")


def _numbered(lines: Iterable[bytes]) -> Iterator[tuple[int, Any]]:
    """(number, raw line) for a JSON-lines file; (number, object) for a file that is one JSON
    array of mentions (an export's other shape), numbered by record."""
    it = iter(lines)
    head: list[bytes] = []
    for raw in it:
        head.append(raw)
        if raw.strip():
            break
    if head and head[-1].lstrip(b"\xef\xbb\xbf \t").startswith(b"["):
        whole = b"".join(head) + b"".join(it)
        try:
            items = json.loads(whole.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            items = None
        if isinstance(items, list):
            yield from ((n, _Item(x)) for n, x in enumerate(items, 1))
            return
        yield from enumerate(whole.splitlines(keepends=True), 1)
        return
    yield from enumerate(head, 1)
    yield from enumerate(it, len(head) + 1)


@dataclass(frozen=True)
class _Item:
    """A record of a JSON array, parsed already."""

    value: Any


def read_mentions(
    lines: Iterable[bytes], stderr: TextIO, jobs: int = 1
) -> tuple[list[Record], int]:
    """The readable mentions as records, and how many lines were bad (each reported, in the
    order of the lines, with the warnings). Lines are checked first, then their names read (in
    `jobs` processes)."""
    parsed: list[tuple[int, Mention]] = []
    errors: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    seen: dict[str, int] = {}  # id → where its first mention is in `parsed`
    ignored: dict[str, None] = {}
    where = "строка", "line"
    for number, raw in _numbered(lines):
        if isinstance(raw, _Item):
            where = "запись", "record"
        elif not raw.strip():
            continue
        try:
            if isinstance(raw, _Item):
                mention, warnings, extra = from_object(raw.value)
            else:
                if len(raw) > MAX_LINE_BYTES:  # bounded_lines cut it short: none is as long
                    raise _too_long()
                try:
                    line, decoded = raw.decode("utf-8"), None
                except UnicodeDecodeError:
                    line, decoded = _decode(raw, number == 1)
                if number == 1 and line.startswith("\ufeff"):  # a byte-order mark
                    line = line[1:]
                line = line.rstrip("\r\n")
                mention, warnings, extra = parse(line)
                if decoded:
                    warnings.insert(0, decoded)
            if mention.id in seen:
                first, before = parsed[seen[mention.id]]
                if before == mention:  # the same mention again (every field read alike)
                    notes.append(_message(number, where, (
                        f"повтор строки {first}, пропущена",
                        f"the same as line {first}, skipped",
                    ), warning=True))  # fmt: skip
                    continue
                warnings.append((
                    f"id «{mention.id}» уже был в строке {first}; связаны оба",
                    f"the id {mention.id!r} came before, on line {first}; both linked",
                ))  # fmt: skip
        except LineError as exc:
            errors.append(_message(number, where, (exc.ru, exc.en)))
            continue
        if warnings:
            notes.extend(_message(number, where, w, warning=True) for w in warnings)
        if extra:
            ignored.update(dict.fromkeys(extra))
        seen.setdefault(mention.id, len(parsed))
        parsed.append((number, mention))
    records: list[Record] = []
    names = read_names([m.name for _, m in parsed], jobs)
    for (number, mention), name in zip(parsed, names, strict=True):
        if isinstance(name, NameError_):
            errors.append(_message(number, where, ("в имени нет букв", "the name has no letters")))
        elif isinstance(name, BaseException):
            errors.append(
                _message(
                    number,
                    where,
                    ("имя не прочитано", f"the name could not be read ({_failure(name)})"),
                )
            )
        else:
            records.append(Record.of(len(records), mention, name))
    for _, message in sorted(errors + notes):
        stderr.write(f"objector link: {message}\n")
    if ignored:
        names_ = ", ".join(list(ignored)[:10])
        stderr.write(
            f"objector link: поля не читаются и пропущены: {names_} / "
            f"fields not read, left out: {names_}\n"
        )
    return records, len(errors)


def bounded_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's lines, each cut after MAX_LINE_BYTES + 1 bytes: an overlong line is read
    past in chunks, so memory stays bounded whatever a line's length (or a file's without a
    newline)."""
    first = True
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if first and line.strip():
            first = False
            if line.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                # One JSON array of mentions (`_numbered`): it is read whole, up to MAX_ARRAY.
                rest = stream.read(MAX_ARRAY + 1 - len(line))
                if len(line) + len(rest) > MAX_ARRAY:
                    raise ArrayTooLarge
                yield line + rest
                return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
        yield line


def _message(
    number: int, where: tuple[str, str], text: tuple[str, str], warning: bool = False
) -> tuple[int, str]:
    ru, en = (f"предупреждение: {text[0]}", f"warning: {text[1]}") if warning else text
    return number, f"{where[0]} {number}: {ru} / {where[1]} {number}: {en}"


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
    except ArrayTooLarge:
        mib = MAX_ARRAY >> 20
        stderr.write(
            f"objector link: массив JSON больше {mib} МиБ: запишите упоминания строками JSON / "
            f"a JSON array larger than {mib} MiB: write the mentions as JSON lines\n"
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
