"""Birth dates that no words beside the name call one: a table's "Дата рождения" column, read
once from its header for every row below it. Plain Python.

A column is found by its header cell ("Дата рождения", "Год рождения", "Дата и место
рождения", "Г.р.", "Date of birth") in a header row that also names a name column ("Фамилия",
"Ф.И.О.", "Name"): a sentence that says "дата рождения" is no header. Each row below gives the
cell under that header, found

- in a ruled table (DOCX, a text table, a scan's rules read as "|") by its place among the
  cells;
- in a table laid out as columns without rules (a PDF's text layer, a scan) by the words'
  boxes: a word belongs to the header cell nearest it across the page; in plain text without
  boxes, by character columns.

A cell is read only if it holds a date and nothing else (a year, a month and year, or the whole
date; "г." or "г.р." after it); the other columns' dates (a contract's, an absence's) and the
header's own are never read. The table ends at a blank line, at a page's end, or where a ruled
table's rows stop.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import fields

MONTH_WORDS = "|".join(fields.MONTHS)
# A date as orders write a birth date: "12.03.1999", "12 марта 1999", "03.1999", "1999".
VALUE = (
    r"(?<![\d.])(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    rf"|(?P<dw>\d{{1,2}})\s+(?P<mw>{MONTH_WORDS})\s+(?P<yw>\d{{4}})"
    r"|(?P<mm>\d{1,2})\.(?P<ym>\d{4})|(?P<yy>\d{4}))(?![\d.]\d)"
)
_CELL = re.compile(rf"\s*{VALUE}\s*(?:г\.?\s?р\.?|г\.|года?)?\s*", re.IGNORECASE)
_CELL_AND_PLACE = re.compile(rf"\s*{VALUE}\s*(?:г\.?\s?р\.?|г\.|года?)?\s*(?:[,;].*)?", re.I)
_SHORT_VALUE = r"(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<yy2>\d{2})"
_SHORT = re.compile(rf"\s*{_SHORT_VALUE}\s*(?:г\.?\s?р\.?|г\.)?\s*", re.IGNORECASE)
_SHORT_AND_PLACE = re.compile(
    rf"\s*{_SHORT_VALUE}\s*(?:г\.?\s?р\.?|г\.)?\s*(?:[,;].*)?", re.IGNORECASE
)
_HEAD_BIRTH = re.compile(
    r"(?:дата|год|число)\s+(?:и\s+мест\w+\s+)?рожд\w*|(?<!\w)[дг]\.\s?р\.?(?!\w)"
    r"|date\s+(?:and\s+place\s+)?of\s+birth|year\s+of\s+birth|(?<!\w)d\.?o\.?b\.?(?!\w)",
    re.IGNORECASE,
)
_VALUE_BEFORE = re.compile(VALUE + r"\s*$")
_HEAD_PLACE = re.compile(r"мест\w+|place", re.IGNORECASE)
_HEAD_NAME = re.compile(r"фамили|ф\.\s?и\.\s?о|(?<!\w)фио(?!\w)|(?<!\w)имя(?!\w)|name", re.I)
_SEPARATORS = "|│┃║"
_SPLIT = re.compile(r"[|│┃║]")
_BRACKETS = str.maketrans("[]{}", "||||")
_BORDER = re.compile(r"^[\s|│┃║─━═┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╟╢╤╧╪╫╞╡+\-=_]+$")
_TOKEN = re.compile(r"\S+")
_ROWS_MAX = 400  # rows a header governs at most
# A header's or a row's stretch across the page (from, to) and whether it is the birth date's.
_Span = tuple[float, float, bool]

# (page number, box) of the characters [start, end) of the text, or None without boxes.
Boxes = Callable[[int, int], "tuple[int, tuple[int, int, int, int]] | None"]


@dataclass(frozen=True)
class Row:
    """A table row under a birth-date header: its line [start, end) and what its cell says (None:
    the cell is empty or holds something other than a date)."""

    start: int
    end: int
    value: str | None


def value(groups: dict[str, str | None], before: dt.date) -> str | None:
    """The date a VALUE match gives, as the linker reads a birth date ("1999-03-12", "1999-03",
    "1999"); None if it is no date, or not before `before`, or before 1900."""
    g = {k.removeprefix("b_"): v for k, v in groups.items() if v is not None}
    if "y" in g:
        year, month, day = int(g["y"]), int(g["m"]), int(g["d"])
    elif "yw" in g:
        year, month, day = int(g["yw"]), fields.MONTHS[g["mw"].lower()], int(g["dw"])
    elif "ym" in g:
        year, month, day = int(g["ym"]), int(g["mm"]), 0
    elif "yy" in g:
        year, month, day = int(g["yy"]), 0, 0
    else:
        return None
    try:
        when = dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if year < 1900 or when > before:
        return None
    if day:
        return when.isoformat()
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


_HINTS = ("рожд", "г.р", "г. р", "д.р", "д. р", "birth", "dob", "d.o.b")


def may_hold(text: str) -> bool:
    """Whether the text has any word a birth date is written with (a substring test: a
    regular expression tried at every position of a long text costs more than the reading)."""
    low = text.lower()
    return any(w in low for w in _HINTS)


def adult_before(reference: dt.date) -> dt.date:
    """The latest birth date of a serviceman on `reference`'s day: a date written where no words
    call it a birth date is read as one only so far back (an event's date is not)."""
    return dt.date(reference.year - 16, 12, 31)


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _is_ruled(line: str) -> bool:
    """A row of a ruled table; a DOCX table of two columns gives "a | b", with one rule."""
    return any(c in line for c in _SEPARATORS) and not _BORDER.match(line)


def _cell_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, a = [], start
    for m in _SPLIT.finditer(text, start, end):
        spans.append((a, m.start()))
        a = m.end()
    spans.append((a, end))
    return spans


def _read_cell(cell: str, with_place: bool, before: dt.date) -> str | None:
    m = (_CELL_AND_PLACE if with_place else _CELL).fullmatch(cell)
    if m is None and (short := (_SHORT_AND_PLACE if with_place else _SHORT).fullmatch(cell)):
        # "12.03.99" under a birth-date header: the latest such year that makes a man of age,
        # as the questionnaire reads a two-digit year (intake.dates).
        year = 2000 + int(short["yy2"])
        if year > before.year:
            year -= 100
        if year < before.year - 60:
            return None  # a man over 76: no serviceman, a misreading
        groups = {"d": short["d2"], "m": short["m2"], "y": str(year)}
        return value(groups, before)
    return value(m.groupdict(), before) if m else None


def rows(text: str, boxes: Boxes, reference: dt.date) -> list[Row]:
    """Every row under a birth-date column's header, in the order of the text."""
    if not may_hold(text):
        return []
    before = adult_before(reference)
    # OCR reads a thin rule as a bracket ("[1] рядовой | …"): in a row, brackets are rules
    # (as `tables` reads them; same length, so positions hold).
    text = "\n".join(
        line.translate(_BRACKETS) if any(c in line for c in _SEPARATORS) else line
        for line in text.split("\n")
    )
    lines = _lines(text)
    out: list[Row] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        head = _HEAD_BIRTH.search(line)
        if (
            head is None
            or not _HEAD_NAME.search(line)
            or _VALUE_BEFORE.search(line, 0, head.start())
        ):
            i += 1  # no header, or a sentence's "1999 г.р."
            continue
        place = False
        if _is_ruled(line):
            cells = _cell_spans(text, start, end)
            column = next(
                (k for k, (a, b) in enumerate(cells) if _HEAD_BIRTH.search(text, a, b)), None
            )
            if column is None:
                i += 1
                continue
            a, b = cells[column]
            place = _HEAD_PLACE.search(text, a, b) is not None
            # Where a scan lost or added a rule in a row, the words' boxes tell its cell.
            laid = _laid_out(text, start, end, head.start() + start, head.end() + start, boxes)
            i += 1
            taken = 0
            while i < len(lines) and taken < _ROWS_MAX:
                r_start, r_end = lines[i]
                row = text[r_start:r_end]
                if _BORDER.match(row) and row.strip():
                    i += 1
                    continue
                if not _is_ruled(row) and 0 < len(row.strip()) <= 3 and len(row.split()) <= 2:
                    i += 1  # a speck a scan read between two rows ("т")
                    continue
                if not _is_ruled(row) or _HEAD_NAME.search(row):
                    break  # the table's end (a blank line, text), or another table's header
                row_cells = _cell_spans(text, r_start, r_end)
                found = None
                if len(row_cells) == len(cells):
                    c_start, c_end = row_cells[column]
                    found = _read_cell(text[c_start:c_end], place, before)
                elif laid is not None and (cell := laid(r_start, r_end)) is not None:
                    found = _read_cell(cell, place, before)
                out.append(Row(r_start, r_end, found))
                taken += 1
                i += 1
            continue
        place = _HEAD_PLACE.search(line, head.start()) is not None
        laid = _laid_out(text, start, end, head.start() + start, head.end() + start, boxes)
        i += 1
        if laid is None:
            continue
        taken = 0
        while i < len(lines) and taken < _ROWS_MAX:
            r_start, r_end = lines[i]
            if not text[r_start:r_end].strip():
                break
            cell = laid(r_start, r_end)
            if cell is None:  # another page, or no boxes where the header had them
                break
            out.append(Row(r_start, r_end, _read_cell(cell, place, before)))
            taken += 1
            i += 1
    return out


def _laid_out(
    text: str, start: int, end: int, head_start: int, head_end: int, boxes: Boxes
) -> Callable[[int, int], str | None] | None:
    """For a header without rules, the function that gives a row's cell under the birth-date
    header: by the words' boxes where the page has them, by character columns where not."""
    tokens = [
        (m.start(), m.end())
        for m in _TOKEN.finditer(text, start, end)
        if m.group(0).strip(_SEPARATORS)
    ]
    head_box = boxes(head_start, head_end)
    if head_box is not None:
        page = head_box[0]
        spans: list[_Span] = []
        height = head_box[1][3] - head_box[1][1]
        for a, b in tokens:
            found = boxes(a, b)
            if found is None or found[0] != page:
                continue
            x0, x1 = found[1][0], found[1][2]
            mine = head_start <= a < head_end
            spans.append((x0, x1, mine))
        gap = max(height * 0.8, 1)
        interval = _interval(_cells_of(spans, gap))
        if interval is None:
            return None
        lo, hi = interval

        def by_box(r_start: int, r_end: int) -> str | None:
            words = []
            for m in _TOKEN.finditer(text, r_start, r_end):
                found = boxes(m.start(), m.end())
                if found is None or found[0] != page:
                    return None
                centre = (found[1][0] + found[1][2]) / 2
                word = m.group(0).strip(_SEPARATORS)
                if word and lo <= centre < hi:
                    words.append(word)
            return " ".join(words)

        return by_box
    # Plain text: columns are runs of characters set apart by two spaces or more.
    char_spans: list[_Span] = []
    for m in re.finditer(r"\S+(?: \S+)*", text[start:end]):
        a, b = start + m.start(), start + m.end()
        char_spans.append((m.start(), m.end(), a <= head_start < b or head_start <= a < head_end))
    interval = _interval(_cells_of(char_spans, 0))
    if interval is None:
        return None
    lo, hi = interval

    def by_column(r_start: int, r_end: int) -> str | None:
        words = []
        for m in _TOKEN.finditer(text, r_start, r_end):
            centre = (m.start() - r_start + m.end() - r_start) / 2
            if lo <= centre < hi:
                words.append(m.group(0))
        return " ".join(words)

    return by_column


def _cells_of(spans: list[_Span], gap: float) -> list[_Span]:
    """Header words joined into cells where less than `gap` parts them; a cell is the birth
    date's if one of its words is."""
    cells: list[_Span] = []
    for x0, x1, mine in sorted(spans):
        if cells and x0 - cells[-1][1] < gap and cells[-1][2] == mine:
            a, b, m = cells[-1]
            cells[-1] = (a, max(b, x1), m or mine)
        else:
            cells.append((x0, x1, mine))
    return cells


def _interval(cells: list[_Span]) -> tuple[float, float] | None:
    """The stretch across the page that is the birth-date cell's: from half-way to the cell on
    its left to half-way to the one on its right."""
    index = next((k for k, c in enumerate(cells) if c[2]), None)
    if index is None or len(cells) < 2:
        return None
    x0, x1, _ = cells[index]
    lo = (cells[index - 1][1] + x0) / 2 if index else float("-inf")
    hi = (x1 + cells[index + 1][0]) / 2 if index + 1 < len(cells) else float("inf")
    return lo, hi
