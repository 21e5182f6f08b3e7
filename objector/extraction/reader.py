"""A file's bytes to pages of text: the text layer where there is one, OCR where there is not.

Every refusal is a `DocumentError` whose code names what was wrong; nothing here writes the
file, or any part of it, to disk.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from .model import Page, Word

MIME_PDF = "application/pdf"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_TXT = "text/plain"
IMAGE_MIMES = ("image/jpeg", "image/png", "image/tiff", "image/heic")

_MAGIC = [
    (b"%PDF-", MIME_PDF),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]
_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"hevc")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * 1024 * 1024
    max_pages: int = 100
    # A4 at 600 dpi is 35 Mpx; more than this is a decompression bomb, not a scan.
    max_pixels: int = 50_000_000
    # DOCX is a zip: what it may expand to, and by how much.
    max_unzipped: int = 60 * 1024 * 1024
    max_ratio: int = 120
    max_members: int = 2000


LIMITS = Limits()

MESSAGES = {
    "empty": ("Файл пуст.", "The file is empty."),
    "too_large": ("Файл больше допустимого размера.", "The file is larger than allowed."),
    "unsupported": (
        "Тип файла не поддерживается: нужен PDF, JPEG, PNG, TIFF, HEIC, DOCX или текст.",
        "This type of file is not supported: use PDF, JPEG, PNG, TIFF, HEIC, DOCX or text.",
    ),
    "malformed": ("Файл повреждён и не читается.", "The file is damaged and cannot be read."),
    "bomb": (
        "Файл распаковывается в недопустимо большой объём.",
        "The file expands to far more than it holds (a decompression bomb).",
    ),
    "too_many_pages": ("В документе слишком много страниц.", "The document has too many pages."),
    "too_many_files": ("Слишком много файлов за раз.", "Too many files at once."),
    "internal": (
        "Файл сохранён, но прочитать его не удалось из-за внутренней ошибки.",
        "The file is stored, but an internal error stopped it being read.",
    ),
    "encrypted": ("PDF защищён паролем.", "The PDF is protected by a password."),
    "too_slow": (
        "Файл сохранён, но его чтение заняло слишком много времени.",
        "The file is stored, but reading it took too long.",
    ),
    "too_big": (
        "Файл сохранён, но для его чтения нужно слишком много памяти.",
        "The file is stored, but reading it needs too much memory.",
    ),
    "no_ocr": (
        "Распознавание текста недоступно: не установлен Tesseract.",
        "Text recognition is unavailable: Tesseract is not installed.",
    ),
}


class DocumentError(Exception):
    """A file refused: `code` names the reason (MESSAGES); `detail` adds specifics, either
    language-neutral ("120 > 100") or as a (Russian, English) pair."""

    def __init__(self, code: str, detail: str | tuple[str, str] = "") -> None:
        self.code = code
        self.detail = (detail, detail) if isinstance(detail, str) else detail
        super().__init__(f"{code}: {self.message('en')}")

    def message(self, lang: str = "en") -> str:
        index = 0 if lang == "ru" else 1
        text, detail = MESSAGES[self.code][index], self.detail[index]
        return f"{text} ({detail})" if detail else text


def sniff(content: bytes) -> str:
    """The type by content, never by name; "" when it is none of the accepted types."""
    for magic, mime in _MAGIC:
        if content.startswith(magic):
            return mime
    if content[4:8] == b"ftyp" and content[8:12] in _HEIC_BRANDS:
        return "image/heic"
    if content.startswith(b"PK\x03\x04"):
        return MIME_DOCX if b"word/" in content[:65536] or _zip_has_word(content) else ""
    if content and b"\x00" not in content[:65536] and _decode_text(content[:65536], strict=False):
        return MIME_TXT
    return ""


def _zip_has_word(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _decode_text(content: bytes, strict: bool = True) -> str | None:
    content = content.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp1251"):
        try:
            # A sample (strict=False) may end mid-character: the incremental decoder holds an
            # unfinished last character back instead of failing on it.
            text = codecs.getincrementaldecoder(encoding)().decode(content, final=strict)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch.isspace() for ch in text[:4096])
        if printable >= 0.95 * min(len(text), 4096):
            return text
    return None


def identify(content: bytes, limits: Limits = LIMITS) -> str:
    """The accepted type of a file within the size limit, or DocumentError saying why not."""
    if not content:
        raise DocumentError("empty")
    if len(content) > limits.max_bytes:
        raise DocumentError(
            "too_large",
            (
                f"{len(content)} > {limits.max_bytes} байт",
                f"{len(content)} > {limits.max_bytes} bytes",
            ),
        )
    mime = sniff(content)
    if not mime:
        raise DocumentError("unsupported")
    return mime


def read_document(
    content: bytes, limits: Limits = LIMITS, *, ocr_workers: int | None = None
) -> tuple[str, list[Page]]:
    """(mime, pages) of a file, or DocumentError."""
    mime = identify(content, limits)
    if mime == MIME_TXT:
        return mime, _read_text(content, limits)
    if mime == MIME_DOCX:
        return mime, _read_docx(content, limits)
    if mime == MIME_PDF:
        return mime, _read_pdf(content, limits, ocr_workers)
    from . import ocr

    images = ocr.open_images(content, mime, limits)
    return mime, ocr.recognise(images, workers=ocr_workers)


# No-break and thin spaces as plain ones ("№\xa045", "г.\xa0Москва" in Word files). A soft
# hyphen is invisible in a text or a Word file; pdfium reports a font's hyphen glyph as one,
# and there it is a hyphen (one for one, so a text layer's offsets still hold).
_SPACES = {"\xa0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " "}
_PLAIN = str.maketrans({**_SPACES, "\xad": None})
_PDF_PLAIN = str.maketrans({**_SPACES, "\xad": "-"})


def _read_text(content: bytes, limits: Limits) -> list[Page]:
    text = _decode_text(content)
    if text is None:
        raise DocumentError(
            "malformed", ("не текст в UTF-8 или Windows-1251", "not UTF-8 or Windows-1251 text")
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PLAIN)
    pages = text.split("\f")
    if len(pages) > limits.max_pages:
        raise DocumentError("too_many_pages", f"{len(pages)} > {limits.max_pages}")
    return [Page(i + 1, t) for i, t in enumerate(pages)]


def _read_docx(content: bytes, limits: Limits) -> list[Page]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            infos = z.infolist()
            if len(infos) > limits.max_members:
                raise DocumentError("bomb", (f"{len(infos)} частей", f"{len(infos)} parts"))
            total = sum(i.file_size for i in infos)
            if total > limits.max_unzipped:
                raise DocumentError(
                    "bomb", (f"распаковывается в {total} байт", f"expands to {total} bytes")
                )
            for i in infos:
                if i.compress_size and i.file_size / i.compress_size > limits.max_ratio:
                    ratio = f"{i.file_size // i.compress_size}:1"
                    raise DocumentError(
                        "bomb",
                        (f"{i.filename} сжат {ratio}", f"{i.filename} is compressed {ratio}"),
                    )
    except zipfile.BadZipFile as exc:
        raise DocumentError("malformed", ("не архив DOCX", "not a valid DOCX archive")) from exc
    import docx  # python-docx parses with entity resolution off

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises anything from KeyError to lxml errors
        raise DocumentError("malformed", ("не документ DOCX", "not a valid DOCX document")) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_runs(child))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = (c for c in row.iterchildren() if c.tag.endswith("}tc"))
                    lines.append(" | ".join(" ".join(_runs(c).split()) for c in cells))
    return [Page(1, "\n".join(lines).translate(_PLAIN))]


def _runs(element: Any) -> str:
    """The text of a DOCX paragraph or table cell: its runs' text elements (w:t), joined."""
    return "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))


def open_pdf(content: bytes) -> Any:
    """A pypdfium2 document (the caller closes it), or DocumentError."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError("encrypted") from exc
        raise DocumentError("malformed", ("не PDF", "not a valid PDF")) from exc


def _pdf_scale(page: Any, limits: Limits) -> float:
    """Pixels per PDF point for a page at 300 dpi, less if that would pass the pixel limit."""
    width, height = page.get_size()
    scale = 300 / 72
    if width * height * scale * scale > limits.max_pixels:
        scale = (limits.max_pixels / (width * height)) ** 0.5
    return scale


def render_pdf_page(page: Any, limits: Limits) -> Any:
    """A PDF page as a greyscale image: what OCR reads and what the document page shows, so
    word boxes from either are in its pixels."""
    return page.render(scale=_pdf_scale(page, limits), grayscale=True).to_pil()


def _text_layer(page: Any, number: int, limits: Limits) -> Page:
    """A page's text layer, each word with its box in the pixels of render_pdf_page."""
    textpage = page.get_textpage()
    # pdfium counts the line breaks it generates as characters, so text[i] is character i;
    # "\r\n" becomes " \n" to keep it so.
    text = textpage.get_text_range().replace("\r\n", " \n").replace("\r", "\n")
    text = text.translate(_PDF_PLAIN)
    scale = _pdf_scale(page, limits)
    _, height = page.get_size()
    words = []
    if len(text) == textpage.count_chars():
        for m in re.finditer(r"\S+", text):
            boxes = [textpage.get_charbox(i) for i in range(m.start(), m.end())]
            left = min(b[0] for b in boxes)
            bottom = min(b[1] for b in boxes)
            right = max(b[2] for b in boxes)
            top = max(b[3] for b in boxes)
            box = (
                round(left * scale),
                round((height - top) * scale),
                round(right * scale),
                round((height - bottom) * scale),
            )
            words.append(Word(m.start(), m.end(), box))
    width_px, height_px = (round(v * scale) for v in page.get_size())
    return Page(number, text, words, width=width_px, height=height_px)


def _read_pdf(content: bytes, limits: Limits, ocr_workers: int | None) -> list[Page]:
    import pypdfium2 as pdfium

    pdf = open_pdf(content)
    try:
        if len(pdf) > limits.max_pages:
            raise DocumentError("too_many_pages", f"{len(pdf)} > {limits.max_pages}")
        pages: list[Page | None] = []
        scans: dict[int, object] = {}
        for i in range(len(pdf)):
            page = pdf[i]
            layer = _text_layer(page, i + 1, limits)
            if len(re.findall(r"[А-ЯЁа-яёA-Za-z]", layer.text)) >= 20:
                pages.append(layer)
                continue
            scans[i] = render_pdf_page(page, limits)
            pages.append(None)
    except pdfium.PdfiumError as exc:
        raise DocumentError(
            "malformed", ("страница PDF не читается", "a page of the PDF cannot be read")
        ) from exc
    finally:
        pdf.close()
    if scans:
        from . import ocr

        recognised = ocr.recognise(list(scans.values()), workers=ocr_workers)  # type: ignore[arg-type]
        for index, page in zip(scans, recognised, strict=True):
            page.number = index + 1
            pages[index] = page
    return [p for p in pages if p is not None]
