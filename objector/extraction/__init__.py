"""Document extraction: text in, persons and document facts out. Plain Python, no Django.

`extract_pages(pages)` works on text already read; `read_document` (in `reader`) turns a file's
bytes into pages, through OCR where there is no text layer.
"""

from __future__ import annotations

from . import fields
from .model import Extraction, Page
from .persons import anonymized_count, find_persons

__all__ = ["Extraction", "Page", "extract_pages", "extract_text"]


def extract_pages(pages: list[Page]) -> Extraction:
    text = "\n".join(p.text for p in pages)
    kind, date = fields.kind(text), fields.date(text)
    return Extraction(
        kind=kind,
        number=fields.number(text),
        date=date,
        unit=fields.unit(text),
        court=fields.court(text) if kind == "ruling" else None,
        articles=fields.articles(text),
        persons=find_persons(pages, kind, date),
        anonymized_count=anonymized_count(pages),
        pages=len(pages),
        ocr_pages=sum(1 for p in pages if p.source == "ocr"),
    )


def extract_text(text: str) -> Extraction:
    """Extraction from plain text; a form feed separates pages."""
    return extract_pages([Page(i + 1, t) for i, t in enumerate(text.split("\f"))])
