"""`objector assess FILE|-`: the legal engine from the command line. Imports no Django."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from . import assess
from .facts import FactsError, parse_date
from .render import render_text

MAX_INPUT_BYTES = 1 << 20  # facts are a few hundred bytes; anything near this is not facts


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="objector assess")
    parser.description = (
        "Assess facts (REFERENCE.md §12) and print the assessment (§13). "
        "Оценить факты и вывести правовую оценку."
    )
    parser.add_argument("file", help="facts JSON file, or - for standard input")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="assess as of this date")
    parser.add_argument("--text", action="store_true", help="print readable text instead of JSON")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help="language of --text")
    return parser


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        data = stdin.read(MAX_INPUT_BYTES + 1)
    else:
        try:
            with open(path, encoding="utf-8") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise FactsError(
                "file",
                f"cannot read {path}: {exc.strerror}",
                f"не удаётся прочитать {path}: {exc.strerror}",
            ) from None
        except UnicodeDecodeError:
            raise FactsError(
                "file", f"{path} is not UTF-8 text", f"{path} — не текст в UTF-8"
            ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise FactsError(
            "file",
            f"input is larger than {MAX_INPUT_BYTES} bytes",
            f"входные данные больше {MAX_INPUT_BYTES} байт",
        )
    return data


def _load(text: str) -> Any:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FactsError(
            "facts",
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            f"это не JSON: {exc.msg}, строка {exc.lineno}, позиция {exc.colno}",
        ) from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735).
        raise FactsError(
            "facts",
            "not valid facts: a number is too long",
            "это не факты: слишком длинное число",
        ) from None
    except RecursionError:
        raise FactsError(
            "facts",
            "not valid facts: the JSON is nested too deeply",
            "это не факты: JSON вложен слишком глубоко",
        ) from None
    # The worked examples wrap facts beside their expected output; accept them as they are.
    if isinstance(raw, dict) and isinstance(raw.get("facts"), dict) and "expected" in raw:
        raw = raw["facts"]
    return raw


def run(
    args: argparse.Namespace,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
) -> int:
    try:
        raw = _load(_read(args.file, stdin))
        if args.as_of is not None:
            parse_date(args.as_of, field="as_of", where="--as-of")
            if isinstance(raw, dict):
                raw = {**raw, "as_of": args.as_of}
        result = assess(raw)
    except FactsError as exc:
        stdout.write(json.dumps(exc.as_dict(), ensure_ascii=False) + "\n")
        stderr.write(f"objector assess: {exc.field}: {exc.message}\n")
        return 2
    if args.text:
        stdout.write(render_text(result, args.lang))
    else:
        stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))
