"""Birth dates that no «г.р.» beside the name calls one (note11, item 5): a table's "Дата
рождения" column read once from its header, in a real DOCX, a real PDF's text layer laid out as
columns, a real scan through Tesseract and plain text; a date that opens a list's entry, before
the name; one list of years for several names. The document's other dates (its own, an event's,
a header's), phone, unit and personal numbers are never read as one, and a date two names could
claim is given to neither. Synthetic names."""

from __future__ import annotations

import io

import docx
import pytest

from objector.extraction import extract_pages, extract_text
from objector.extraction.model import Person
from objector.extraction.reader import read_document
from tests.extraction.files import columns_pdf, columns_png, docx_file, scan_png

HEAD = [
    "ПРИКАЗ",
    "командира войсковой части 12345",
    "от 15.01.2025 г. № 45",
    "Тел. 8-495-123-45-67",
]


def _named(persons: list[Person]) -> dict[str, str | None]:
    return {" ".join(filter(None, (p.last, p.first, p.middle))): p.birth_date for p in persons}


def _read(content: bytes) -> dict[str, str | None]:
    _, pages = read_document(content)
    return _named(extract_pages(pages).persons)


# A personnel table as orders attach it: the birth-date column among a personal number's, a
# contract's date and an absence's date; its header row says "по состоянию на 01.01.2025".
TABLE = [
    ["№", "Воинское звание", "Фамилия, имя, отчество", "Личный номер", "Дата рождения",
     "Дата контракта", "Отсутствует с"],
    ["1", "рядовой", "Синтетов Петр Сергеевич", "АБ-123456", "12.03.1999", "01.02.2023",
     "24.02.2025"],
    ["2", "ефрейтор", "Выдуманный Илья Андреевич", "ВВ-111222", "1998", "10.10.2022",
     "01.03.2025"],
    ["3", "рядовой", "Придуманный Олег Иванович", "ГГ-333444", "", "05.05.2023", "02.03.2025"],
    ["4", "рядовой", "Тестов Максим Олегович", "ДД-555666", "06.2001", "07.07.2023",
     "03.03.2025"],
]  # fmt: skip
EXPECTED = {
    "Синтетов Петр Сергеевич": "1999-03-12",
    "Выдуманный Илья Андреевич": "1998",
    "Придуманный Олег Иванович": None,  # an empty cell: not his contract's date
    "Тестов Максим Олегович": "2001-06",
}


def test_a_docx_tables_birth_date_column_is_read_once_from_its_header() -> None:
    content = docx_file([*HEAD, "Список военнослужащих по состоянию на 01.01.2025:"], TABLE)
    assert _read(content) == EXPECTED


def test_a_year_of_birth_column_and_an_english_date_of_birth_column() -> None:
    years = [["ФИО", "Звание", "Год рождения"], ["Синтетов Петр Сергеевич", "рядовой", "1999 г."]]
    assert _read(docx_file(HEAD, years)) == {"Синтетов Петр Сергеевич": "1999"}
    english = [
        ["No.", "Name", "Rank", "Date of birth"],
        ["1", "Синтетов Петр Сергеевич", "рядовой", "12.03.1999"],
    ]
    assert _read(docx_file(HEAD, english)) == {"Синтетов Петр Сергеевич": "1999-03-12"}


def test_the_same_table_without_a_birth_header_gives_no_birth_date() -> None:
    """Dates in cells of a table whose header names no birth date (a contract's, an absence's)
    are no one's birth date; nor is a date in the header row itself."""
    table = [
        ["№", "Звание", "Фамилия, имя, отчество", "Дата приказа 01.03.2025", "Отсутствует с"],
        ["1", "рядовой", "Синтетов Петр Сергеевич", "12.03.1999", "24.02.2025"],
    ]
    assert _read(docx_file(HEAD, table)) == {"Синтетов Петр Сергеевич": None}


def test_a_row_with_two_names_gives_its_date_to_neither() -> None:
    table = [
        ["Фамилия, имя, отчество", "Дата рождения", "Командир"],
        ["Синтетов Петр Сергеевич", "12.03.1999", "Выдуманный Илья Андреевич"],
        ["Тестов Максим Олегович", "1997", ""],
    ]
    assert _read(docx_file(HEAD, table)) == {
        "Синтетов Петр Сергеевич": None,
        "Выдуманный Илья Андреевич": None,
        "Тестов Максим Олегович": "1997",
    }


PDF_XS = [40, 58, 118, 250, 330, 400, 470]
SCAN_XS = [0.5, 0.75, 1.6, 3.7, 4.9, 6.0, 7.0]


def test_a_pdf_text_layer_laid_out_as_columns() -> None:
    """pdfium gives each row as one line of words with single spaces: the words' boxes say
    which column each is in."""
    rows = [row[:3] + row[4:] for row in TABLE]
    header = ["№", "Звание", "Фамилия, имя, отчество", "Дата рождения", "Контракт", "С"]
    content = columns_pdf(HEAD, [header, *rows[1:]], [40, 58, 118, 290, 380, 470])
    _, pages = read_document(content)
    assert pages[0].source == "text" and "Синтетов Петр Сергеевич 12.03.1999" in pages[0].text
    assert _named(extract_pages(pages).persons) == EXPECTED


def test_a_scanned_table_laid_out_as_columns_through_tesseract() -> None:
    header = ["№", "Звание", "Фамилия, имя, отчество", "Дата рождения", "Контракт"]
    rows = [[r[0], r[1], r[2], r[4], r[5]] for r in TABLE[1:]]
    content = columns_png(HEAD, [header, *rows], [0.5, 0.8, 1.8, 4.6, 6.0], seed=4)
    _, pages = read_document(content)
    assert pages[0].source == "ocr"
    read = _named(extract_pages(pages).persons)
    assert read == EXPECTED


def test_plain_text_columns_set_apart_by_spaces() -> None:
    text = "\n".join(
        [
            *HEAD,
            "№  Звание     Фамилия, имя, отчество       Дата рождения   Отсутствует с",
            "1  рядовой    Синтетов Петр Сергеевич      12.03.1999      24.02.2025",
            "2  ефрейтор   Выдуманный Илья Андреевич                    01.03.2025",
            "",
            "Основание: рапорт рядового Тестова Максима Олеговича от 02.03.2025 г.",
        ]
    )
    assert _named(extract_text(text).persons) == {
        "Синтетов Петр Сергеевич": "1999-03-12",
        "Выдуманный Илья Андреевич": None,
        "Тестов Максим Олегович": None,
    }


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("1999 г.р. рядовой Синтетов Петр Сергеевич", "1999"),
        ("1. 12.03.1999 г.р., рядовой Синтетов Петр Сергеевич, л/н АБ-123456", "1999-03-12"),
        ("12.03.1999 — Синтетов Петр Сергеевич", "1999-03-12"),
        ("03.1999 – рядовой Синтетов Петр Сергеевич, в/ч 54321", "1999-03"),
        # Not a birth date: an event's date, the order's, a date of a man not yet of age.
        ("24.02.2026 — рядовой Синтетов Петр Сергеевич самовольно оставил часть", None),
        ("с 24.02.2026 самовольно оставил часть рядовой Синтетов Петр Сергеевич", None),
        ("15.01.2025 — рядовой Синтетов Петр Сергеевич", None),
        ("12.03.2005 — Синтетов Петр Сергеевич заключил контракт", None),
        ("1999 — рядовой Синтетов Петр Сергеевич", None),  # a year alone, no words: a count?
        ("Тел. 8-495-123-45-67 — Синтетов Петр Сергеевич", None),
    ],
)
def test_a_birth_date_before_the_name(entry: str, expected: str | None) -> None:
    text = "\n".join([*HEAD, "1. Исключить из списков личного состава части:", entry, ""])
    assert _named(extract_text(text).persons) == {"Синтетов Петр Сергеевич": expected}


def test_a_date_opening_the_next_entry_is_the_next_ones_unless_the_one_before_may_claim_it() -> (
    None
):
    """Where the entry before ends (";") or has its own date, a date that opens a line is the next
    name's; where the name before reaches it and has none, it could be either's: neither's."""
    text = "\n".join(
        [
            *HEAD,
            "1. Исключить из списков личного состава части:",
            "рядового Выдуманного Илью Андреевича, 1998 г.р.,",
            "1999 г.р. рядового Синтетова Петра Сергеевича;",
            "2001 г.р. рядового Тестова Максима Олеговича,",
            "рядового Образцова Игоря Павловича",
            "2002 г.р. рядового Придуманного Олега Ивановича.",
        ]
    )
    assert _named(extract_text(text).persons) == {
        "Выдуманный Илья Андреевич": "1998",
        "Синтетов Петр Сергеевич": "1999",
        "Тестов Максим Олегович": "2001",
        "Образцов Игорь Павлович": None,
        "Придуманный Олег Иванович": None,
    }


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        ("рядовых Синтетова Петра Сергеевича, Выдуманного Илью Андреевича, 1999 и 2001 г.р. "
         "соответственно", ("1999", "2001")),
        ("рядового Синтетова Петра Сергеевича и ефрейтора Выдуманного Илью Андреевича "
         "(соответственно 12.03.1999 и 05.06.2001 г.р.)", ("1999-03-12", "2001-06-05")),
        # Two names, three years: which is whose cannot be told.
        ("рядовых Синтетова Петра Сергеевича, Выдуманного Илью Андреевича, 1999, 2000 и 2001 "
         "г.р. соответственно", (None, None)),
    ],
)  # fmt: skip
def test_one_list_of_years_for_several_names(
    listed: str, expected: tuple[str | None, str | None]
) -> None:
    text = "\n".join([*HEAD, "1. Исключить из списков личного состава части", f"{listed};"])
    assert _named(extract_text(text).persons) == dict(
        zip(("Синтетов Петр Сергеевич", "Выдуманный Илья Андреевич"), expected, strict=True)
    )


def test_numbers_that_are_no_birth_dates_in_a_birth_date_column() -> None:
    """A personal number, a unit number or a phone number in the column is not a date."""
    table = [
        ["Фамилия, имя, отчество", "Дата рождения"],
        ["Синтетов Петр Сергеевич", "АБ-123456"],
        ["Выдуманный Илья Андреевич", "в/ч 54321"],
        ["Тестов Максим Олегович", "8-495-123-45-67"],
        ["Придуманный Олег Иванович", "1999"],
    ]
    assert _read(docx_file(HEAD, table)) == {
        "Синтетов Петр Сергеевич": None,
        "Выдуманный Илья Андреевич": None,
        "Тестов Максим Олегович": None,
        "Придуманный Олег Иванович": "1999",
    }


def test_a_wrapped_ruled_table_then_a_box_drawn_one_each_with_its_own_header() -> None:
    """The header's words wrap onto a second row ("Дата" / "рождения"), names wrap in their
    cells; a second table under the first is read by its own header, not the first's; a
    sentence that says "1999 г.р." and "имя" is no header."""
    text = "\n".join(
        [
            *HEAD,
            "| № | Звание  | Фамилия, имя,      | Дата      | Личный номер |",
            "|   |         | отчество           | рождения  |              |",
            "| 1 | рядовой | Синтетов Петр      | 12.03.1999| АБ-123456    |",
            "|   |         | Сергеевич          |           |              |",
            "| 2 | ефрейтор| Выдуманный Илья    | 1998      | АБ-123457    |",
            "|   |         | Андреевич          |           |              |",
            "┌───┬─────────┬──────────────────────────┬────────────┬────────────┐",
            "│ № │ Звание  │ ФИО                      │ Отсутствует│ Г.р.       │",
            "├───┼─────────┼──────────────────────────┼────────────┼────────────┤",
            "│ 1 │ рядовой │ Тестов Максим Олегович   │ 24.02.2025 │ 2001       │",
            "└───┴─────────┴──────────────────────────┴────────────┴────────────┘",
            "рядового Образцова Игоря Павловича, 1997 г.р., на имя командира  части 12.03.1999",
        ]
    )
    assert _named(extract_text(text).persons) == {
        "Синтетов Петр Сергеевич": "1999-03-12",
        "Выдуманный Илья Андреевич": "1998",
        "Тестов Максим Олегович": "2001",
        "Образцов Игорь Павлович": "1997",
    }


RULED = """ПРИКАЗ
командира войсковой части 12345
от 15.01.2025 г. № 45
┌───┬──────────┬───────────────────────────┬───────────────┬────────────┐
│ № │ Звание   │ Фамилия, имя, отчество    │ Дата рождения │ Контракт   │
├───┼──────────┼───────────────────────────┼───────────────┼────────────┤
│ 1 │ рядовой  │ Синтетов Петр Сергеевич   │ 12.03.1999    │ 01.02.2023 │
│ 2 │ ефрейтор │ Выдуманный Илья Андреевич │ 1998          │ 10.10.2022 │
│ 3 │ рядовой  │ Тестов Максим Олегович    │ 06.2001       │ 07.07.2023 │
└───┴──────────┴───────────────────────────┴───────────────┴────────────┘
"""


@pytest.mark.parametrize(("noise", "seed"), [(12, 3), (20, 5)])
def test_a_ruled_table_scanned_noisy_at_150_dpi_through_tesseract(noise: int, seed: int) -> None:
    """The scan reads a rule as a bracket ("[1] рядовой |"), a speck as a line between rows
    ("т"), and loses a rule ("06.2001 07.07.2023"): the rows are still read, the last by the
    words' boxes under the header's."""
    _, pages = read_document(scan_png(RULED, dpi=150, noise=noise, seed=seed, skew=0.5))
    assert pages[0].source == "ocr"
    assert _named(extract_pages(pages).persons) == {
        "Синтетов Петр Сергеевич": "1999-03-12",
        "Выдуманный Илья Андреевич": "1998",
        "Тестов Максим Олегович": "2001-06",
    }


def test_one_birth_year_for_all_the_names_before_it() -> None:
    text = "\n".join(
        [
            *HEAD,
            "1. Исключить рядовых Синтетова Петра Сергеевича и Выдуманного Илью Андреевича, "
            "оба 1999 г.р.;",
            "2. Объявить выговор рядовому Тестову Максиму Олеговичу.",
        ]
    )
    assert _named(extract_text(text).persons) == {
        "Синтетов Петр Сергеевич": "1999",
        "Выдуманный Илья Андреевич": "1999",
        "Тестов Максим Олегович": None,
    }


def test_a_two_digit_year_under_a_birth_date_header() -> None:
    """«12.03.99» is 1999 under the header (the latest year that makes a man of age today);
    «01.02.24» would make him a boy or a man of 102: none."""
    table = [
        ["ФИО", "Дата рождения", "Контракт"],
        ["Синтетов Петр Сергеевич", "12.03.99", "01.02.23"],
        ["Выдуманный Илья Андреевич", "01.02.05", "01.02.23"],
        ["Тестов Максим Олегович", "01.02.24", "01.02.23"],
    ]
    assert _read(docx_file(HEAD, table)) == {
        "Синтетов Петр Сергеевич": "1999-03-12",
        "Выдуманный Илья Андреевич": "2005-02-01",
        "Тестов Максим Олегович": None,
    }


def test_a_second_table_after_a_blank_paragraph_is_not_read_with_the_first_ones_column() -> None:
    """Its third column holds a contract's date, where the first table's has the birth date.
    The first table comes before any other date: its birth date is no reason to doubt it."""
    document = docx.Document()
    document.add_paragraph("ПРИКАЗ")
    for table, blank in (
        (
            [["№", "ФИО", "Дата рождения"], ["1", "Синтетов Петр Сергеевич", "12.03.1999"]],
            True,
        ),
        (
            [["№", "Звание и ФИО", "Контракт"], ["1", "рядовой Тестов Максим Олегович", "1998"]],
            False,
        ),
        ([["№", "Звание", "Контракт"], ["1", "рядовой Выдуманный Илья Андреевич", "1997"]], False),
    ):
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        if blank:
            document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    assert _read(out.getvalue()) == {
        "Синтетов Петр Сергеевич": "1999-03-12",
        "Тестов Максим Олегович": None,
        "Выдуманный Илья Андреевич": None,
    }


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("ПРИКАЗ\nрядового Синтетова Петра Сергеевича, 12.03.1999 г.р., от 15.01.2025",
         "2025-01-15"),
        ("ПРИКАЗ\nрядового Синтетова Петра Сергеевича, родившегося 5 июня 2001 года.\n"
         "15 января 2025 г. № 4", "2025-01-15"),
        ("ПРИКАЗ\nот 15.01.2025 г. № 4\nрядового Синтетова Петра Сергеевича, 1999 г.р.",
         "2025-01-15"),
        ("ПРИКАЗ\n12.03.2025 г. № 4", "2025-03-12"),  # "г. №" is no "г.р."
    ],
)  # fmt: skip
def test_a_birth_date_in_the_heading_is_not_the_documents_date(text: str, date: str) -> None:
    """The document page showed a man's birth date as the order's date where it came first."""
    assert extract_text(text).date == date
