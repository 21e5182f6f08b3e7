"""Birth dates read from orders: for each way an order writes them, how many of the men given one
get it right (recall), and how many dates read are right (precision: a date given to the wrong
man, or to a man given none, counts against it). Real files where the layout needs them: DOCX
tables through python-docx, PDF text layers laid out as columns through pypdfium2, and (with
`--scans N`) page images through Tesseract.

    .venv/bin/python bench/extract_births.py [--docs 40] [--pool heldout2] [--seed 2026]
        [--scans 0] [--code-from DIR]

Layouts: "clause" (round 11's «12.03.1999 г.р.» after the name, the control), "docx_table" and
"pdf_columns" (a "Дата рождения" or "Год рождения" column beside a contract's date column),
"before_name" («1999 г.р. рядовой …», «12.03.1999 — …»), "respective" (one list of years
for two or three names), "negatives" (entries with an absence's date, a contract's, a phone and
personal numbers, no birth date: every date read is wrong), "scan_columns" (a column table
scanned at 300 dpi). Names come from the generator's pool (`--pool`; held-out pools were never
tuned on). `--code-from DIR` reads with the extraction code in DIR (a copy of main), to measure
before and after in one session; the code that ran is printed.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LAYOUTS = ("clause", "docx_table", "pdf_columns", "before_name", "respective", "negatives")
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря")  # fmt: skip
FILES: Any = None  # tests/extraction/files.py of this tree, loaded beside the code that reads
HEAD = ["ПРИКАЗ", "командира войсковой части {unit}", "от {date} г. № {number}"]


def _born(rng: random.Random, allow_none: bool = True) -> tuple[str, str, str | None]:
    """(as a table cell writes it, as a clause writes it, what is read)."""
    y, m, d = rng.randint(1966, 2006), rng.randint(1, 12), rng.randint(1, 28)
    way = rng.randrange(4 if allow_none else 3)
    if way == 0:
        return f"{d:02d}.{m:02d}.{y}", f"{d:02d}.{m:02d}.{y} г.р.", f"{y}-{m:02d}-{d:02d}"
    if way == 1:
        return f"{m:02d}.{y}", f"{m:02d}.{y} г.р.", f"{y}-{m:02d}"
    if way == 2:
        return f"{y}", f"{y} г.р.", f"{y}"
    return "", "", None


def _key(last: str, first: str, middle: str) -> tuple[str, str, str]:
    return tuple(w.lower().replace("ё", "е") for w in (last, first, middle))  # type: ignore[return-value]


def document(rng: random.Random, gen: Any, layout: str) -> tuple[str, Any, dict[Any, str | None]]:
    """(kind of file, its content, each man's key → his birth date as it should be read)."""
    from objector.extraction.synthetic import GEN, NOM

    n = rng.randint(2, 8) if layout != "respective" else rng.randint(2, 3)
    men = [gen.person(female=False if layout == "respective" else None) for _ in range(n)]
    date = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2024, 2026)}"
    head = [h.format(unit=rng.randint(10000, 99999), date=date, number=rng.randint(1, 400))
            for h in HEAD]  # fmt: skip
    truth: dict[Any, str | None] = {}
    contract = [f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2022, 2025)}"
                for _ in men]  # fmt: skip
    if layout in ("docx_table", "pdf_columns", "scan_columns"):
        column = rng.choice(["Дата рождения", "Год рождения"])
        rows = [["№", "Звание", "Фамилия, имя, отчество", column, "Дата контракта"]]
        for i, p in enumerate(men):
            cell, _, value = _born(rng)
            if column == "Год рождения" and value:
                cell, value = value[:4], value[:4]
            rows.append([str(i + 1), p.rank_text(NOM), p.full(NOM), cell, contract[i]])
            truth[_key(p.surname(NOM), p.first, p.middle)] = value
        if layout == "docx_table":
            return "docx", FILES.docx_file([*head, "Список военнослужащих:"], rows), truth
        if layout == "pdf_columns":
            return "pdf", FILES.columns_pdf(head, rows, [30, 48, 215, 410, 490]), truth
        return (
            "png",
            FILES.columns_png(head, rows, [0.4, 0.65, 3.1, 5.8, 7.0], seed=rng.randrange(99)),
            truth,
        )
    lines = [*head, "1. Исключить из списков личного состава части:"]
    if layout == "respective":
        values = [_born(rng, allow_none=False) for _ in men]
        years = [v[2][:4] for v in values if v[2]]
        names = ", ".join(f"{p.rank_text(GEN)} {p.full(GEN)}" for p in men[:-1])
        listed = ", ".join(years[:-1]) + f" и {years[-1]}"
        lines.append(f"{names} и {men[-1].rank_text(GEN)} {men[-1].full(GEN)}, {listed} г.р. "
                     "соответственно.")  # fmt: skip
        for p, y in zip(men, years, strict=True):
            truth[_key(p.surname(NOM), p.first, p.middle)] = y
        return "txt", "\n".join(lines).encode(), truth
    for i, p in enumerate(men):
        cell, clause, value = _born(rng)
        end = ";" if i + 1 < len(men) else "."
        if layout == "clause":
            entry = f"{p.rank_text(GEN)} {p.full(GEN)}" + (f", {clause}" if clause else "")
            entry += f", личный номер {p.personal_number}"
        elif layout == "before_name":
            if value and rng.random() < 0.5 and len(value) > 4:
                entry = f"{cell} — {p.rank_text(NOM)} {p.full(NOM)}, л/н {p.personal_number}"
            else:
                entry = f"{clause} {p.rank_text(NOM)} {p.full(NOM)}" if clause else (
                    f"{p.rank_text(NOM)} {p.full(NOM)}"
                )  # fmt: skip
        else:  # negatives
            value = None
            entry = rng.choice(
                (
                    f"{p.rank_text(GEN)} {p.full(GEN)}, самовольно оставившего часть "
                    f"с {contract[i]}",
                    f"{p.rank_text(GEN)} {p.full(GEN)}, контракт от {contract[i]} г., "
                    f"л/н {p.personal_number}",
                    f"{contract[i]} — {p.rank_text(NOM)} {p.full(NOM)} самовольно оставил часть",
                    f"{p.rank_text(GEN)} {p.full(GEN)}, в/ч {rng.randint(10000, 99999)}, "
                    f"тел. 8-9{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(10, 99)}-"
                    f"{rng.randint(10, 99)}",
                )
            )
        lines.append(f"{i + 1}) {entry}{end}")
        truth[_key(p.surname(NOM), p.first, p.middle)] = value
    return "txt", "\n".join(lines).encode(), truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=40, help="documents of each layout")
    parser.add_argument("--pool", default="heldout2")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scans", type=int, default=0, help="scanned column tables")
    parser.add_argument("--code-from", type=Path, help="read with the extraction code in DIR")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    if args.code_from:
        sys.path.insert(0, str(args.code_from.resolve()))
    import importlib.util

    import objector

    global FILES
    # The file makers of this tree, whichever code reads (a copy of main has none for columns).
    spec = importlib.util.spec_from_file_location("birth_files", REPO / "tests/extraction/files.py")
    if spec is None or spec.loader is None:
        raise SystemExit("tests/extraction/files.py is missing")
    FILES = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(FILES)
    from bench.common import machine
    from objector.extraction import extract_pages
    from objector.extraction.reader import read_document
    from objector.extraction.synthetic import Generator

    print(f"machine: {machine()}; code: {Path(objector.__file__).parent}")
    print("| layout | documents | men with a birth date | read right | read wrong | missed "
          "| precision | recall |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0, 0]
    layouts = [*LAYOUTS, *(["scan_columns"] if args.scans else [])]
    for n, layout in enumerate(layouts):
        rng = random.Random(args.seed + 1000 * n)
        gen = Generator(seed=args.seed + 1000 * n, pool=args.pool)
        docs = args.scans if layout == "scan_columns" else args.docs
        given = right = wrong = missed = 0
        for _ in range(docs):
            _, content, truth = document(rng, gen, layout)
            _, pages = read_document(content)
            read = {
                _key(p.last, p.first or "", p.middle or ""): p.birth_date
                for p in extract_pages(pages).persons
            }
            for key, expected in truth.items():
                got = read.get(key)
                given += expected is not None
                if got is not None and got == expected:
                    right += 1
                elif got is not None:
                    wrong += 1
                elif expected is not None:
                    missed += 1
        precision = right / (right + wrong) if right + wrong else float("nan")
        recall = right / given if given else float("nan")
        print(f"| {layout} | {docs} | {given} | {right} | {wrong} | {missed} | {precision:.4f} "
              f"| {recall:.4f} |")  # fmt: skip
        for i, v in enumerate((docs, given, right, wrong, missed)):
            totals[i] += v
    docs, given, right, wrong, missed = totals
    precision = right / (right + wrong) if right + wrong else float("nan")
    print(f"| **all** | {docs} | {given} | {right} | {wrong} | {missed} | {precision:.4f} | "
          f"{right / given:.4f} |")  # fmt: skip


if __name__ == "__main__":
    main()
