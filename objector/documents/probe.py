"""The checks an upload passes before anything is stored: type by content, size, structure,
and the limits that stop decompression bombs. Cheap: no OCR and no page is rendered; the
extraction task reads the file fully later."""

from __future__ import annotations

from django.conf import settings

from objector.extraction.ocr import open_images
from objector.extraction.reader import (
    IMAGE_MIMES,
    MIME_PDF,
    DocumentError,
    Limits,
    identify,
    open_pdf,
    read_document,
)


def limits() -> Limits:
    return Limits(
        max_bytes=settings.OBJECTOR_UPLOAD_MAX_BYTES, max_pages=settings.OBJECTOR_MAX_PAGES
    )


def check(content: bytes) -> tuple[str, int]:
    """(mime, pages) of an acceptable file, or DocumentError naming what is wrong."""
    lim = limits()
    mime = identify(content, lim)
    if mime == MIME_PDF:
        return mime, _pdf_pages(content, lim)
    if mime in IMAGE_MIMES:
        return mime, len(open_images(content, mime, lim))  # decoded: a broken image is refused now
    # Text and DOCX are read in full here (zip checks, then python-docx): it is fast, and no
    # OCR is involved.
    return mime, len(read_document(content, lim)[1])


def _pdf_pages(content: bytes, lim: Limits) -> int:
    pdf = open_pdf(content)
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count == 0:
        raise DocumentError("malformed", ("в PDF нет страниц", "the PDF has no pages"))
    if count > lim.max_pages:
        raise DocumentError("too_many_pages", f"{count} > {lim.max_pages}")
    return count
