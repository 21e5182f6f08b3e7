"""A stored document's page as a PNG for the document page, with the places of the extracted
persons outlined. Drawn on the server: the pages' CSP allows no inline style to place boxes."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from objector.extraction.ocr import open_images
from objector.extraction.reader import IMAGE_MIMES, MIME_PDF, open_pdf, render_pdf_page

from .probe import limits

DISPLAY_WIDTH = 1100


def has_image(mime: str) -> bool:
    return mime == MIME_PDF or mime in IMAGE_MIMES


def png(content: bytes, mime: str, page: int, boxes: list[list[int]]) -> bytes:
    image = _page(content, mime, page).convert("RGB")
    draw = ImageDraw.Draw(image)
    width = max(3, image.width // 400)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle(
            (x0 - width, y0 - width, x1 + width, y1 + width), outline=(214, 40, 40), width=width
        )
    if image.width > DISPLAY_WIDTH:
        ratio = DISPLAY_WIDTH / image.width
        image = image.resize((DISPLAY_WIDTH, round(image.height * ratio)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _page(content: bytes, mime: str, page: int) -> Image.Image:
    if mime == MIME_PDF:
        pdf = open_pdf(content)
        try:
            image: Image.Image = render_pdf_page(pdf[page - 1], limits())
            return image
        finally:
            pdf.close()
    [image] = open_images(content, mime, limits(), only=page - 1)
    return image
