"""Files to pages: every accepted format, and a clear refusal for every bad one."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from objector.extraction import extract_pages
from objector.extraction.model import Page
from objector.extraction.reader import DocumentError, Limits, read_document, sniff
from objector.extraction.synthetic import render_photo, render_scan
from tests.extraction.files import docx_file, minimal_pdf, text_pdf

LINE = "рядового Иванова Петра Сергеевича, личный номер АБ-123456;"
ORDER = f"ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n{LINE}\n"


def test_it_reads_utf8_and_windows_1251_text() -> None:
    for encoding in ("utf-8", "cp1251"):
        mime, pages = read_document(ORDER.encode(encoding))
        assert mime == "text/plain"
        assert extract_pages(pages).persons[0].last == "Иванов"


def test_it_reads_docx_paragraphs_and_tables() -> None:
    content = docx_file(
        ["ПРИКАЗ", "командира войсковой части 12345"],
        [["Звание", "ФИО", "Личный номер"], ["сержант", "Петров Илья Андреевич", "ВВ-111222"]],
    )
    mime, pages = read_document(content)
    assert mime.endswith("wordprocessingml.document")
    assert "сержант | Петров Илья Андреевич | ВВ-111222" in pages[0].text
    person = extract_pages(pages).persons[0]
    assert (person.last, person.rank, person.personal_number) == ("Петров", "сержант", "ВВ-111222")


def test_it_uses_a_pdf_text_layer_without_ocr() -> None:
    mime, pages = read_document(minimal_pdf("Order number 45 of the commander of the unit"))
    assert mime == "application/pdf"
    assert pages[0].source == "text"
    assert "Order number 45" in pages[0].text


def test_it_recognises_a_scan_and_points_each_mention_at_its_box() -> None:
    [image] = render_scan(ORDER, dpi=300, noise=10, skew=1.0, seed=3)
    png = io.BytesIO()
    image.save(png, format="PNG", dpi=(300, 300))
    mime, pages = read_document(png.getvalue())
    assert mime == "image/png" and pages[0].source == "ocr"
    result = extract_pages(pages)
    [person] = result.persons
    assert (person.last, person.first, person.middle) == ("Иванов", "Петр", "Сергеевич")
    box = person.mentions[0].box
    assert box is not None and 0 < box[0] < box[2] <= image.width and 0 < box[1] < box[3]


def test_it_recognises_a_scanned_pdf() -> None:
    [image] = render_scan(ORDER, dpi=150, noise=20, seed=4)
    pdf = io.BytesIO()
    image.save(pdf, format="PDF", resolution=150)
    _, pages = read_document(pdf.getvalue())
    assert pages[0].source == "ocr"
    assert [p.last for p in extract_pages(pages).persons] == ["Иванов"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary", "unsupported"),
        (b"MZ\x90\x00" + bytes(100), "unsupported"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "malformed"),
        (b"%PDF-1.4\nthis is not a pdf", "malformed"),
        (b"PK\x03\x04" + b"word/document.xml" + b"\x00" * 30, "malformed"),
    ],
)
def test_it_refuses_bad_files_with_a_named_reason(content: bytes, code: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(content)
    assert caught.value.code == code
    assert caught.value.message("ru") and caught.value.message("en")


def test_it_says_what_was_wrong_in_the_readers_language() -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(b"%PDF-1.4\nthis is not a pdf")
    assert caught.value.message("ru") == "Файл повреждён и не читается. (не PDF)"
    assert caught.value.message("en") == "The file is damaged and cannot be read. (not a valid PDF)"


def test_it_refuses_a_file_over_the_size_limit() -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(ORDER.encode(), Limits(max_bytes=10))
    assert caught.value.code == "too_large"


def test_it_refuses_an_image_bomb_before_decoding_it() -> None:
    """A PNG whose header claims 100 000 × 100 000 pixels: refused on the header alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(DocumentError) as caught:
        read_document(png)
    assert caught.value.code == "bomb"


def test_it_refuses_a_docx_zip_bomb() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024))
    assert sniff(out.getvalue()).endswith("wordprocessingml.document")
    with pytest.raises(DocumentError) as caught:
        read_document(out.getvalue())
    assert caught.value.code == "bomb"


def test_it_refuses_a_multipage_tiff_over_the_page_limit() -> None:
    frames = [Image.new("L", (50, 50), 255) for _ in range(5)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(DocumentError) as caught:
        read_document(out.getvalue(), Limits(max_pages=3))
    assert caught.value.code == "too_many_pages"


def test_it_keeps_tesseracts_words_with_their_boxes_in_the_original_pixels() -> None:
    from objector.extraction.ocr import read_tsv

    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t200\t80\t30\t95\tрядового",
        "5\t1\t1\t1\t1\t2\t190\t200\t120\t30\t93\tВоробьъёва",
        "4\t1\t1\t1\t2\t0\t100\t240\t300\t30\t-1\t",
        "5\t1\t1\t1\t2\t1\t100\t240\t60\t30\t91\tИвана",
        "5\t1\t1\t1\t2\t2\t170\t240\t90\t30\t88\t'Тимуровича,",
    ]
    page = read_tsv("\n".join([header, *rows]), scale=2.0)
    # "ьъ" and the apostrophe before a capital are Tesseract's, not the document's.
    assert page.text == "рядового Воробьёва\nИвана Тимуровича,"
    words = [page.text[w.start : w.end] for w in page.words]
    assert words == ["рядового", "Воробьёва", "Ивана", "Тимуровича,"]
    assert page.words[1].box == (95, 100, 155, 115)  # halved: OCR ran on a 2× upscale
    assert page.box(9, 18) == (95, 100, 155, 115)


def test_it_recognises_a_heic_photo() -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    [image] = render_scan(ORDER, dpi=150, noise=4, seed=6)  # HEIC encoding is slow at 300
    heic = io.BytesIO()
    image.save(heic, format="HEIF", quality=90)
    mime, pages = read_document(heic.getvalue())
    assert mime == "image/heic" and pages[0].source == "ocr"
    assert [p.last for p in extract_pages(pages).persons] == ["Иванов"]


def test_it_reads_a_phone_photo_with_a_shadow_across_it() -> None:
    """Uneven light defeats one global threshold; the background is evened out first. The
    photo's header says 72 dpi, as cameras write, which is not taken for the truth."""
    [photo] = render_photo(ORDER, seed=2)
    jpeg = io.BytesIO()
    photo.save(jpeg, format="JPEG", quality=90, dpi=(72, 72))
    mime, pages = read_document(jpeg.getvalue())
    assert mime == "image/jpeg"
    [person] = extract_pages(pages).persons
    assert (person.last, person.first, person.middle) == ("Иванов", "Петр", "Сергеевич")


def test_it_points_each_person_in_a_pdf_text_layer_at_its_place() -> None:
    content = text_pdf(["ПРИКАЗ", "рядового Иванова Петра Сергеевича, личный номер АБ-123456;"])
    _, pages = read_document(content)
    assert pages[0].source == "text"
    [person] = extract_pages(pages).persons
    assert (person.last, person.personal_number) == ("Иванов", "АБ-123456")
    x0, y0, x1, y1 = person.mentions[0].box or (0, 0, 0, 0)
    # 72 pt from the left at 300 dpi is 300 px; the second line sits about 80 px below the top
    # margin of 62 pt (258 px); the name is wider than tall.
    assert 300 < x0 < x1 < pages[0].width and 258 < y0 < y1 < 400
    assert x1 - x0 > 3 * (y1 - y0)


def test_it_reads_no_break_spaces_as_spaces() -> None:
    text = ORDER.replace(" ", "\xa0")
    _, pages = read_document(text.encode())
    assert [p.last for p in extract_pages(pages).persons] == ["Иванов"]


def test_it_marks_a_name_ocr_was_unsure_of_for_review() -> None:
    from objector.extraction.model import Word

    text = "ПРИКАЗ\nрядового Иванова Петра Сергеевича;\nефрейтора Петрова Ивана Ильича;"
    words = [Word(m.start(), m.end(), (0, 0, 1, 1), 95.0) for m in re.finditer(r"\S+", text)]
    unsure = text.index("Петрова")
    words = [Word(w.start, w.end, w.box, 41.0) if w.start == unsure else w for w in words]
    page = Page(1, text, words, source="ocr")
    sure, doubtful = extract_pages([page]).persons
    assert (sure.confidence, sure.needs_review) == (95.0, False)
    assert (doubtful.confidence, doubtful.needs_review) == (41.0, True)
    assert doubtful.as_dict()["needs_review"] is True
    assert doubtful.as_dict()["mentions"][0]["confidence"] == 41
    text_only = extract_pages([Page(1, text)]).persons[0]
    assert (text_only.confidence, text_only.needs_review) == (None, False)


def test_it_takes_a_long_utf8_text_whose_sniffed_sample_ends_mid_letter() -> None:
    content = ("x" + "я" * 40_000 + "\n" + ORDER).encode()  # byte 65,536 is inside a letter
    assert len(content) > 65_536 and content[:65_536][-1:] == "я".encode()[:1]
    assert sniff(content) == "text/plain"
    assert [p.last for p in extract_pages(read_document(content)[1]).persons] == ["Иванов"]
