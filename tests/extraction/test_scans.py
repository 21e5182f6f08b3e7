"""What a noisy 150 dpi scan does to the text, and what the extraction makes of it: specks
read as marks between words, table rules read as letters, initials run together, rank words
misread. Invented names; each test failed before round 2 of issue #15 worked on the scans."""

from __future__ import annotations

from objector.extraction import extract_pages, extract_text
from objector.extraction.model import Page, Person
from objector.extraction.ocr import read_tsv, tidy

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def _tsv(lines: list[str]) -> str:
    """Tesseract's TSV for lines of words (a word per row, each line its own Tesseract line)."""
    rows = [HEADER]
    for n, line in enumerate(lines, 1):
        for w, word in enumerate(line.split(" "), 1):
            rows.append(f"5\t1\t1\t1\t{n}\t{w}\t{100 * w}\t{40 * n}\t90\t30\t91\t{word}")
    return "\n".join(rows)


def _scan(lines: list[str]) -> dict[str, Person]:
    page = read_tsv(_tsv(lines), scale=1.0)
    persons = extract_pages([page]).persons
    return {" ".join(filter(None, (p.last, p.first, p.middle))): p for p in persons}


def test_it_takes_specks_out_of_a_scanned_line() -> None:
    assert tidy(["подполковник", "_", "Р.Т.", "Ржанкин"]) == ["подполковник", "Р.Т.", "Ржанкин"]
    assert tidy(["старшины", "Пышкина", "|"]) == ["старшины", "Пышкина"]
    assert tidy(["С", "уважением,", ","]) == ["С", "уважением,"]
    assert tidy(["Николая", "|", "—."]) == ["Николая"]
    assert tidy(["капитан", "Белобров", "`"]) == ["капитан", "Белобров"]
    # Marks that mean something stay: a dash between words, an anonymised person.
    assert tidy(["Осокин", "—", "командир"]) == ["Осокин", "—", "командир"]
    assert tidy(["истца", "[данные", "изъяты]"]) == ["истца", "[данные", "изъяты]"]


def test_it_keeps_a_table_rows_rules_and_drops_its_specks() -> None:
    assert tidy(["|1", "|", "сержант", "°|", "Гуляев", "Прокл", "‘|", "ТУ-306044", "|"]) == [
        "|1",
        "|",
        "сержант",
        "|",
        "Гуляев",
        "Прокл",
        "|",
        "ТУ-306044",
        "|",
    ]


def test_it_reads_two_initials_whose_first_stop_the_scan_lost() -> None:
    assert tidy(["полковник", "РА.", "Кочемасов"]) == ["полковник", "Р.А.", "Кочемасов"]
    assert tidy(["Тальникова", "РТ.,", "л/н"]) == ["Тальникова", "Р.Т.,", "л/н"]
    # Not beside a capitalised word, two capitals are an abbreviation.
    assert tidy(["КАС", "РФ.", "суд"]) == ["КАС", "РФ.", "суд"]
    people = _scan(
        [
            "ПРИКАЗ",
            "1. Исключить из списков личного состава части рядового Осокина Харитона",
            "Феликсовича, л/н АБ-123456.",
            "Командир войсковой части 12345",
            "полковник _ РА. Кочемасов",
        ]
    )
    signer = people["Кочемасов Р. А."]
    assert (signer.rank, signer.role) == ("полковник", "signatory")


def test_it_splits_two_words_a_speck_joined_with_a_stop() -> None:
    assert tidy(["капитана", "Гуляева.Прокла", "Феликсовича,"]) == [
        "капитана",
        "Гуляева Прокла",
        "Феликсовича,",
    ]
    # An abbreviation's stop stays.
    assert tidy(["г.Москва", "ул.Ленина"]) == ["г.Москва", "ул.Ленина"]


def test_it_drops_the_capital_a_tables_rule_left_on_a_word() -> None:
    people = _scan(
        [
            "ПРИКАЗ",
            "| № | Воинское звание | Фамилия, имя, отчество | Личный номер |",
            "|1 | майор | Белобров Прокл | ОТ-466414 |",
            "|| ГФеликсович | |",
        ]
    )
    assert set(people) == {"Белобров Прокл Феликсович"}


def test_it_joins_a_patronymic_to_the_name_when_the_scan_shifted_its_cell() -> None:
    """A rule lost and another added keep the count of cells but move the patronymic under
    the personal number."""
    text = (
        "ПРИКАЗ\n"
        "|3 | матрос | Пышкин Харитон | БН-740627 |\n"
        "| | | | Феликсович |\n"
    )  # fmt: skip
    [person] = extract_text(text).persons
    assert (person.last, person.first, person.middle) == ("Пышкин", "Харитон", "Феликсович")
    assert (person.rank, person.personal_number) == ("матрос", "БН-740627")


def test_it_keeps_the_rank_of_a_table_row_whose_cell_ends_in_a_speck() -> None:
    text = (
        "ПРИКАЗ\n1. Исключить из списков личного состава части:\n"
        "| 4 | сержант | Тальникова Агафья | ТЕ-756617 |\n"
        "| | запаса.| Феликсовна | |\n"
    )
    [person] = extract_text(text).persons
    assert person.middle == "Феликсовна"
    assert (person.rank, person.role) == ("сержант запаса", "subject")


def test_it_does_not_take_a_rank_across_a_sentences_end() -> None:
    text = (
        "Прибыл для прохождения службы в звании капитана. Гуляев Прокл Феликсович, л/н АБ-123456."
    )
    [person] = extract_text(text).persons
    assert person.rank is None


def test_it_does_not_take_an_initials_line_for_a_position_over_a_signature() -> None:
    """The line above a name at a document's foot opens with initials ("К.И., и"), which the
    dictionary reads as nouns: it is not a position, and the name is not a signature."""
    text = (
        "Командиру войсковой части 12345\n"
        "Уважаемый командир!\n"
        "В производстве адвоката Белоброва А.Т. находится поручение. Прошу сообщить, принималось\n"
        "ли решение в отношении Осокина\n"
        "К.И., и направить копию рапорта командира роты капитана\n"
        "Пышкина Е.Ц..\n"
        "С уважением,\n"
        "Адвокат А.Т. Белобров\n"
    )
    people = {p.last: p for p in extract_text(text).persons}
    assert people["Пышкин"].role == "mentioned"
    assert people["Белобров"].role == "signatory"


def test_it_pairs_each_scanned_word_with_its_box_after_the_specks_are_taken_out() -> None:
    page = read_tsv(_tsv(["полковник _ РА. Кочемасов"]), scale=1.0)
    assert page.text == "полковник Р.А. Кочемасов"
    assert [page.text[w.start : w.end] for w in page.words] == ["полковник", "Р.А.", "Кочемасов"]
    assert [w.box[0] for w in page.words] == [100, 300, 400]  # the speck was word 2


def test_a_text_layer_is_not_tidied() -> None:
    """Only OCR's output has specks: a text layer keeps its marks."""
    page = Page(1, "полковник _ Р.А. Кочемасов")
    [person] = extract_pages([page]).persons
    assert person.last == "Кочемасов"


def test_it_reads_a_rank_word_the_scan_misread_by_one_letter() -> None:
    assert tidy(["канитана", "Гуляева", "нодполковника", "ПОЛКОВНИИК", "старшнны"]) == [
        "капитана",
        "Гуляева",
        "подполковника",
        "ПОЛКОВНИК",
        "старшины",
    ]
    # A word the dictionary knows stays as written, though one letter from a rank.
    assert tidy(["капитала", "Осокина"]) == ["капитала", "Осокина"]
    people = _scan(["ПРИКАЗ", "1. Исключить из списков канитана Гуляева Прокла Феликсовича;"])
    assert people["Гуляев Прокл Феликсович"].rank == "капитан"


def test_it_ends_a_persons_clause_at_a_table_rows_end_though_the_scan_lost_the_blank_line() -> None:
    """OCR drops blank lines: the unit of the signature block below a table is not the last
    row's person's, nor is the unit under a list entry that ends in a full stop."""
    text = (
        "ПРИКАЗ\n"
        "| 3 | старшина | Осокин Харитон Феликсович | МЛ-151784 |\n"
        "Начальник штаба войсковой части 77327\n"
        "капитан В.Р. Белобров\n"
    )
    people = {p.last: p for p in extract_text(text).persons}
    assert people["Осокин"].unit is None
    text = (
        "ПРИКАЗ\n1. Полагать сдавшим дела ефрейтора\n"
        "Гуляева П.Ф., л/н ВА-201161.\n"
        "Командир войсковой части 52643\n"
        "полковник Р.А. Кочемасов\n"
    )
    people = {p.last: p for p in extract_text(text).persons}
    assert (people["Гуляев"].personal_number, people["Гуляев"].unit) == ("ВА-201161", None)


def test_it_reads_a_signature_whose_rank_the_scan_set_in_capitals_without_the_gap() -> None:
    for rank in ("ПОДПОЛКОВНИК", "Подполковник"):
        text = (
            "ПРИКАЗ\n1. Исключить из списков личного состава части:\n"
            "старшины запаса Осокина Харитона Феликсовича, личный номер ЕН-527968;\n"
            "Командир войсковой части 26472\n"
            f"{rank} Р.А. Кочемасов\n"
        )
        people = {p.last: p for p in extract_text(text).persons}
        assert set(people) == {"Осокин", "Кочемасов"}
        assert (people["Кочемасов"].rank, people["Кочемасов"].role) == (
            "подполковник",
            "signatory",
        )


def test_it_ends_a_clause_at_initials_that_end_a_line() -> None:
    text = (
        "ПРИКАЗ\n1. Исключить из списков лейтенанта Гуляева Тимура Феликсовича;\n"
        "2. Контроль за сдачей имущества возложить на Гуляева Т.Ф.\n"
        "Командир войсковой части 70385\n"
        "полковник Р.А. Кочемасов\n"
    )
    people = {p.last: p for p in extract_text(text).persons}
    assert people["Гуляев"].unit is None


def test_it_reads_a_personal_number_whose_hyphen_the_scan_doubled() -> None:
    text = "ПРИКАЗ\n1. Исключить капитана Гуляева Прокла Феликсовича, личный номер ЖП--229547;\n"
    [person] = extract_text(text).persons
    assert person.personal_number == "ЖП-229547"


def test_it_drops_a_rules_bracket_inside_a_table_cells_word() -> None:
    assert tidy(["|", "2", "|", "лейтенант", "|", "Осокин", "|", "УП]-173932", "|"])[-2] == (
        "УП-173932"
    )
    people = _scan(
        [
            "ПРИКАЗ",
            "| № | Воинское звание | Фамилия, имя, отчество | Личный номер |",
            "| 2 | лейтенант | Осокин Прокл | УП]-173932 |",
            "| | | Феликсович | |",
        ]
    )
    assert people["Осокин Прокл Феликсович"].personal_number == "УП-173932"
