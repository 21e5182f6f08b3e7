"""Real files of each accepted type, made in the test, with synthetic content."""

from __future__ import annotations

import io

import docx
from PIL import Image

from objector.extraction.synthetic import render_scan


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (Latin, in a standard font: no font file needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    out.write(trailer % (len(objects) + 1, xref))
    return out.getvalue()


def docx_file(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scan_png(
    text: str, *, dpi: int = 300, noise: float = 0, skew: float = 0, seed: int = 0
) -> bytes:
    [image] = render_scan(text, dpi=dpi, noise=noise, skew=skew, seed=seed)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def blank_png(width: int = 40, height: int = 40) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, format="PNG")
    return out.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF whose text layer holds these lines in Liberation Serif (embedded), as a
    court's website or a word processor would make it."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    with open("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", "rb") as f:
        data = f.read()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)
    y = 780
    for line in lines:
        obj = raw.FPDFPageObj_CreateTextObj(pdf, font, 12.0)
        wide = (line + "\x00").encode("utf-16-le")
        text = ctypes.create_string_buffer(wide, len(wide))
        raw.FPDFText_SetText(obj, ctypes.cast(text, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, y)
        raw.FPDFPage_InsertObject(page, obj)
        y -= 18
    raw.FPDFPage_GenerateContent(page)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def columns_pdf(lines: list[str], rows: list[list[str]], xs: list[int]) -> bytes:
    """A one-page A4 PDF with a text layer: `lines` as text, then a table laid out as columns
    without rules, each cell of `rows` set at its column's x (points from the left), as a word
    processor exports a table whose borders are hidden."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    with open("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", "rb") as f:
        data = f.read()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)

    def put(text: str, x: int, y: int) -> None:
        obj = raw.FPDFPageObj_CreateTextObj(pdf, font, 11.0)
        wide = (text + "\x00").encode("utf-16-le")
        chars = ctypes.create_string_buffer(wide, len(wide))
        raw.FPDFText_SetText(obj, ctypes.cast(chars, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        raw.FPDFPage_InsertObject(page, obj)

    y = 780
    for line in lines:
        put(line, 40, y)
        y -= 16
    for row in rows:
        for x, cell in zip(xs, row, strict=True):
            if cell:
                put(cell, x, y)
        y -= 16
    raw.FPDFPage_GenerateContent(page)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def columns_png(
    lines: list[str], rows: list[list[str]], xs: list[float], *, seed: int = 0
) -> bytes:
    """A 300 dpi scan of a page with `lines` as text, then a table laid out as columns without
    rules (each cell at its column's x, in inches from the left), lightly noisy."""
    import numpy as np
    from PIL import ImageDraw, ImageFont

    from objector.extraction.synthetic import FONT_PATHS

    dpi = 300
    font = ImageFont.truetype(FONT_PATHS[0], round(12 / 72 * dpi))
    image = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    step, y = round(12 / 72 * dpi * 1.6), round(0.8 * dpi)
    for line in lines:
        draw.text((round(0.6 * dpi), y), line, font=font, fill=0)
        y += step
    for row in rows:
        for x, cell in zip(xs, row, strict=True):
            draw.text((round(x * dpi), y), cell, font=font, fill=0)
        y += step
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=np.float64) + rng.normal(0, 6, image.size[::-1])
    out = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(
        out, format="PNG", dpi=(dpi, dpi)
    )
    return out.getvalue()
