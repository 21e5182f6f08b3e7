"""Tables whose cells wrap: a name continued on the next physical row, whose other cells are
empty, joined back into its cell, column by column.

    | 7 | рядовой | Клёнов Виктор | АБ-123456 |        | 7 | рядовой | Клёнов Виктор Павлович | …
    |   |         | Павлович      |           |   →

Pipe tables and box-drawing tables (│ ┃ ║, with ─ ┼ borders) alike. A row continues the one
above when its first cell (the row number) is empty. The rebuilt text comes with a map back to
the original, so that every mention still points at the characters the page holds.

Written here rather than taken from a library: table extractors (camelot, pdfplumber) work on
PDF geometry, and these tables reach us as plain text from OCR, DOCX and text layers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_SEPARATORS = "|│┃║"
_SPLIT = re.compile(r"[|│┃║]")
_BORDER = re.compile(r"^[\s|│┃║─━═┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╟╢╤╧╪╫╞╡+\-=_]+$")


@dataclass
class Rebuilt:
    """The rebuilt text and, per stretch of it, where that stretch came from in the original:
    (start in the rebuilt text, start in the original), sorted. Identity where no table wraps."""

    text: str
    starts: list[int] = field(default_factory=lambda: [0])
    origins: list[int] = field(default_factory=lambda: [0])

    def original(self, position: int) -> int:
        i = bisect.bisect_right(self.starts, position) - 1
        return self.origins[i] + position - self.starts[i]


@dataclass
class _Cell:
    start: int  # column in the line
    end: int
    pieces: list[tuple[str, int]]  # (text, position in the original)


def _cells(line: str, offset: int) -> list[_Cell]:
    cells, column = [], 0
    for part in _SPLIT.split(line):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        pieces = [(stripped, offset + column + lead)] if stripped else []
        cells.append(_Cell(column, column + len(part), pieces))
        column += len(part) + 1
    return cells


def _is_row(line: str) -> bool:
    return sum(line.count(c) for c in _SEPARATORS) >= 2 and not _BORDER.match(line)


# OCR reads a thin rule as a bracket ("[1 [ ефрейтор | …", "| | [Кириллович | |"); in a line
# that is a table row, brackets are rules: no cell of a personnel table holds one.
_BRACKETS = str.maketrans("[]{}", "||||")


def _normalised(line: str) -> str:
    """The row with OCR's brackets read as rules (same length, so positions hold)."""
    return line.translate(_BRACKETS) if _is_row(line) else line


def rebuild(text: str) -> Rebuilt:
    """The text with each wrapped table row joined into one line."""
    if not any(c in text for c in _SEPARATORS):
        return Rebuilt(text)
    out: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    length = 0

    def emit(piece: str, origin: int) -> None:
        nonlocal length
        starts.append(length)
        origins.append(origin)
        out.append(piece)
        length += len(piece)

    originals = text.split("\n")
    lines = [_normalised(line) for line in originals]
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1

    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        if _is_row(line):
            while j < len(lines) and _is_row(lines[j]) and _continues(lines[j]):
                j += 1
        if j == i + 1:
            emit(originals[i] + ("\n" if j < len(lines) else ""), offsets[i])
        else:
            _emit_row([(lines[k], offsets[k]) for k in range(i, j)], emit)
            if j < len(lines):
                emit("\n", offsets[j] - 1)
        i = j
    if len(starts) == 1:
        return Rebuilt(text)
    return Rebuilt("".join(out), starts, origins)


def _continues(line: str) -> bool:
    cells = _SPLIT.split(line)
    first = cells[1] if len(cells) > 1 and not cells[0].strip() else cells[0]
    return not first.strip() and any(c.strip() for c in cells)


def _kind(text: str) -> str:
    if any(ch.isdigit() for ch in text):
        return "number"
    return "name" if text[:1].isupper() else "word"


def _same_kind(head: list[_Cell], piece: str) -> _Cell:
    """The head cell a stray continuation belongs to: a capitalised word continues the last
    cell of capitalised words (a name), a lower-case word the last cell of lower-case words (a
    rank), anything else the last cell with text."""
    want = _kind(piece)
    filled = [c for c in head if c.pieces]
    same = [c for c in filled if _kind(c.pieces[0][0]) == want]
    return (same or filled or head)[-1]


def _emit_row(rows: list[tuple[str, int]], emit: Callable[[str, int], None]) -> None:
    head = _cells(*rows[0])
    for line, offset in rows[1:]:
        more = _cells(line, offset)
        for k, cell in enumerate(more):
            if not cell.pieces:
                continue
            # Where a rule was lost or doubled (OCR), the cell whose content is of the same kind;
            # so too where one was lost and another added, which keeps the count but shifts
            # the cells ("| | | | Николаевич |" under a name): a capitalised word continues a
            # name, never a personal number or a rank ("капитан" may go on as "3 ранга").
            target = head[k] if len(more) == len(head) else None
            piece = cell.pieces[0][0]
            if target is None or (
                target.pieces and _kind(piece) == "name" != _kind(target.pieces[0][0])
            ):
                target = _same_kind(head, piece)
            target.pieces.extend(cell.pieces)
    base = rows[0][1]
    for k, cell in enumerate(head):
        if k:
            emit("|", base + cell.start - 1)
        for n, (piece, origin) in enumerate(cell.pieces):
            emit(" ", origin)
            emit(piece, origin)
            if n == len(cell.pieces) - 1:
                emit(" ", origin + len(piece) - 1)
