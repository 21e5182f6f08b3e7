"""What extraction reads and what it returns. Plain data; no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REVIEW_BELOW = 75  # Tesseract's word confidence, 0-100 (see docs/benchmarks.md)
# A person's role; when one person is named in several roles, the first in this order wins.
ROLES = (
    "subject",
    "plaintiff",
    "judge",
    "secretary",
    "signatory",
    "representative",
    "mentioned",
)
# Why a person's name may be read wrong though every letter is right (Person.uncertain).
UNCERTAIN = ("case", "fleeting_vowel", "surname_form", "first_name", "ambiguous_initials")


@dataclass(frozen=True)
class Word:
    """One word: its place in the page text, its box in pixels (x0, y0, x1, y1) and, from OCR,
    how sure Tesseract was of it (0-100; None for a text layer)."""

    start: int
    end: int
    box: tuple[int, int, int, int]
    confidence: float | None = None


@dataclass
class Page:
    """One page of text. `words` is empty for a text layer without coordinates."""

    number: int
    text: str
    words: list[Word] = field(default_factory=list)
    width: int = 0
    height: int = 0
    source: str = "text"  # "text" (text layer, DOCX, TXT) or "ocr"

    def _overlapping(self, start: int, end: int) -> list[Word]:
        return [w for w in self.words if w.start < end and w.end > start]

    def confidence(self, start: int, end: int) -> float | None:
        """OCR's confidence in the least certain word of [start, end); None for a text layer."""
        found = [w.confidence for w in self._overlapping(start, end) if w.confidence is not None]
        return min(found) if found else None

    def box(self, start: int, end: int) -> tuple[int, int, int, int] | None:
        """The box around the words that overlap [start, end), for pointing back at a scan."""
        hit = [w.box for w in self._overlapping(start, end)]
        if not hit:
            return None
        return (
            min(b[0] for b in hit),
            min(b[1] for b in hit),
            max(b[2] for b in hit),
            max(b[3] for b in hit),
        )


@dataclass
class Mention:
    page: int
    span: tuple[int, int]
    text: str
    box: tuple[int, int, int, int] | None = None
    confidence: float | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"page": self.page, "span": list(self.span)}
        if self.box:
            out["box"] = list(self.box)
        if self.confidence is not None:
            out["confidence"] = round(self.confidence)
        return out


@dataclass
class Person:
    role: str
    rank: str | None
    last: str
    first: str | None
    middle: str | None
    initials_only: bool
    personal_number: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    # OCR's confidence in the name as read where it is written in full (None for a text layer):
    # below REVIEW_BELOW, a lawyer should check it against the page image.
    confidence: float | None = None
    # The unit the person's own entry names ("…, в/ч 12345"); None when only the document's.
    unit: str | None = None
    # Set (one of UNCERTAIN) where the grammar left the nominative open: a lawyer should check.
    uncertain: str | None = None
    # The birth date the person's own clause gives ("1999-03-12", or "1999-03" or "1999" when
    # only so much is written); None when it gives none.
    birth_date: str | None = None

    @property
    def needs_review(self) -> bool:
        return self.confidence is not None and self.confidence < REVIEW_BELOW

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "rank": self.rank,
            "last": self.last,
            "first": self.first,
            "middle": self.middle,
            "initials_only": self.initials_only,
            "personal_number": self.personal_number,
            "unit": self.unit,
            "birth_date": self.birth_date,
            "mentions": [m.as_dict() for m in self.mentions],
            "needs_review": self.needs_review,
            "uncertain": self.uncertain,
        }


@dataclass
class Extraction:
    kind: str
    number: str | None
    date: str | None
    unit: str | None
    court: str | None
    articles: list[str]
    persons: list[Person]
    anonymized_count: int
    pages: int = 1
    ocr_pages: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "date": self.date,
            "unit": self.unit,
            "court": self.court,
            "articles": self.articles,
            "persons": [p.as_dict() for p in self.persons],
            "anonymized_count": self.anonymized_count,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
        }
