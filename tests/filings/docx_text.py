"""The text of a DOCX as a lawyer reads it: each paragraph, and each table row, on its own line."""

from __future__ import annotations

import io

import docx


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]


def table_rows(content: bytes) -> list[list[str]]:
    document = docx.Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]


def text(content: bytes) -> str:
    rows = [" | ".join(r) for r in table_rows(content)]
    return "\n".join([*paragraphs(content), *rows])
