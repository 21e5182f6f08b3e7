"""The extractor on hand-written hard cases and on the synthetic corpus (plain Python)."""

from __future__ import annotations

from objector.extraction import extract_text
from objector.extraction.names import fold
from objector.extraction.synthetic import Generator

ORDER = """ПРИКАЗ
командира войсковой части 12345
от 12 марта 2025 г.                                  № 45
г. Севастополь
В соответствии со ст. 51 Федерального закона от 28.03.1998 № 53-ФЗ «О воинской обязанности»
ПРИКАЗЫВАЮ:
1. Исключить из списков личного состава части:
мл. с-та ИВАНОВА ПЁТРА СЕРГЕЕВИЧА, личный номер АБ-123456;
гвардии рядового Черных Ивана Алексеевича, л/н ВГ-654321;
ефрейтора Мамедова Эльчина Рашид оглы, личный номер Д-111222;
старшину 1 статьи Хайруллину Айгуль Ильдаровну, личный номер Е-333444;
капитана 3 ранга запаса Доржиева Баира Цыреновича.
2. Сержанту Белых Марии Ивановне прибыть в распоряжение командира корабля
«Вице-адмирал Захарьин», адрес: г. Мурманск, ул. Адмирала Головко, д. 3.
Основание: рапорт мл. с-та Иванова П.С., рапорт старшины 1 статьи Хайруллиной А.И.

Командир войсковой части 12345
полковник                                   С.В. Кузнецов
"""


def _people(text: str) -> dict[str, dict[str, object]]:
    result = extract_text(text)
    return {
        " ".join(filter(None, (p.last, p.first, p.middle))): p.as_dict() for p in result.persons
    }


def test_it_reads_a_list_order_to_the_nominative_with_full_ranks() -> None:
    people = _people(ORDER)
    assert set(people) == {
        "Иванов Пётр Сергеевич",
        "Черных Иван Алексеевич",
        "Мамедов Эльчин Рашид оглы",
        "Хайруллина Айгуль Ильдаровна",
        "Доржиев Баир Цыренович",
        "Белых Мария Ивановна",
        "Кузнецов С. В.",
    }
    assert people["Иванов Пётр Сергеевич"]["rank"] == "младший сержант"
    assert people["Иванов Пётр Сергеевич"]["personal_number"] == "АБ-123456"
    assert people["Черных Иван Алексеевич"]["rank"] == "гвардии рядовой"
    assert people["Хайруллина Айгуль Ильдаровна"]["rank"] == "старшина 1 статьи"
    assert people["Доржиев Баир Цыренович"]["rank"] == "капитан 3 ранга запаса"
    assert people["Доржиев Баир Цыренович"]["personal_number"] is None
    assert people["Белых Мария Ивановна"]["rank"] == "сержант"
    assert people["Кузнецов С. В."]["role"] == "signatory"
    assert people["Кузнецов С. В."]["initials_only"] is True
    assert people["Кузнецов С. В."]["rank"] == "полковник"
    assert {p["role"] for n, p in people.items() if n != "Кузнецов С. В."} == {"subject"}


def test_it_keeps_one_entry_per_person_with_every_mention() -> None:
    people = _people(ORDER)
    ivanov = people["Иванов Пётр Сергеевич"]
    mentions = ivanov["mentions"]
    assert isinstance(mentions, list) and len(mentions) == 2
    spans = [ORDER[m["span"][0] : m["span"][1]] for m in mentions]
    assert spans == ["ИВАНОВА ПЁТРА СЕРГЕЕВИЧА", "Иванова П.С."]
    assert len(people["Хайруллина Айгуль Ильдаровна"]["mentions"]) == 2  # type: ignore[arg-type]


def test_it_does_not_take_ships_streets_or_units_for_persons() -> None:
    people = _people(ORDER)
    assert not any("Захарьин" in n or "Головко" in n for n in people)


def test_it_reads_a_ruling_with_judge_secretary_plaintiffs_court_and_articles() -> None:
    # "Бельском А.И," is how OCR often reads "А.И.,".
    text = """РЕШЕНИЕ
ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ
Дело № 2а-117/2025
3 февраля 2025 г.                    г. Казань
Казанский гарнизонный военный суд в составе председательствующего судьи Галиевой С.Н.,
при секретаре судебного заседания Бельском А.И, рассмотрев административное дело по
административному исковому заявлению военнослужащих войсковой части 54321:
1. рядового Толстого Ильи Кузьмича;
2. ефрейтора Петросяна Артёма Андреевича;
установил:
Руководствуясь ст. 59 Конституции РФ, ст. 175 КАС РФ, суд решил: отказать.
Судья                              С.Н. Галиева
"""
    result = extract_text(text)
    assert (result.kind, result.number, result.date) == ("ruling", "2а-117/2025", "2025-02-03")
    assert result.court == "Казанский гарнизонный военный суд"
    assert result.unit == "войсковая часть 54321"
    assert result.articles == ["ст. 59 Конституции РФ", "ст. 175 КАС РФ"]
    roles = {(p.last, p.first, p.middle): p.role for p in result.persons}
    assert roles == {
        ("Галиева", "С.", "Н."): "judge",
        ("Бельский", "А.", "И."): "secretary",
        ("Толстой", "Илья", "Кузьмич"): "plaintiff",
        ("Петросян", "Артём", "Андреевич"): "plaintiff",
    }


def test_it_counts_the_persons_an_anonymized_ruling_hides() -> None:
    text = (
        "РЕШЕНИЕ\nИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ\nгарнизонный военный суд рассмотрел иск ФИО1, "
        "ФИО2 и ФИО3, проживающих по адресу: <данные изъяты>. ФИО1 служил в части, "
        "рядовой <данные изъяты> был свидетелем."
    )
    assert extract_text(text).anonymized_count == 4


def test_it_reads_a_dative_list_and_feminine_names() -> None:
    text = (
        "ПРИКАЗ\n1. Объявить выговор:\nрядовому Ивановой Анне Сергеевне, личный номер "
        "ЖК-123456;\nмладшему сержанту Ковальскому Игорю Петровичу, личный номер ЖК-654321;\n"
    )
    assert set(_people(text)) == {"Иванова Анна Сергеевна", "Ковальский Игорь Петрович"}


def test_it_reads_a_table_in_capitals() -> None:
    text = (
        "ПРИКАЗ\n№ | Воинское звание | Фамилия, имя, отчество | Личный номер\n"
        "1 | старший лейтенант | СЕДЫХ ТИМУР АЙДАРОВИЧ | МН-100200\n"
        "2 | матрос | Кикнадзе Аслан Тимурович | МН-300400\n"
    )
    people = _people(text)
    assert people["Седых Тимур Айдарович"]["personal_number"] == "МН-100200"
    assert people["Седых Тимур Айдарович"]["rank"] == "старший лейтенант"
    assert people["Кикнадзе Аслан Тимурович"]["rank"] == "матрос"


def test_it_reaches_the_f1_target_on_synthetic_text() -> None:
    """The issue's target on text is F1 ≥ 0.99; ё and е are the same letter for the match."""
    tp = fp = fn = 0
    for doc in Generator(seed=11).corpus(90):
        got = {_key(p.as_dict()) for p in extract_text(doc.text).persons}
        want = {_key(p) for p in doc.persons}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert tp > 300
    assert 2 * precision * recall / (precision + recall) >= 0.99


def test_it_gets_every_persons_role_rank_number_and_unit_right_on_synthetic_text() -> None:
    attributes = ("role", "rank", "initials_only", "personal_number", "unit")
    checked = 0
    generator = Generator(seed=12)
    corpus = generator.corpus(60) + [generator.order(layout="units") for _ in range(10)]
    for doc in corpus:
        found = {_key(p.as_dict()): p.as_dict() for p in extract_text(doc.text).persons}
        for want in doc.persons:
            got = found[_key(want)]
            assert {a: got[a] for a in attributes} == {a: want[a] for a in attributes}, doc.text
            checked += 1
    assert checked > 300


def _key(person: dict[str, object]) -> tuple[str, ...]:
    return tuple(fold(str(person[k] or "")) for k in ("last", "first", "middle"))


def test_it_reads_oglu_names_whatever_tells_their_case() -> None:
    text = (
        "ПРИКАЗ\n1. Исключить:\nефр. Шевченко Эльчина Гасан оглы, л/н ОГ-354869;\n"
        "ряд. МАМЕДОВА ВУГАРА РАШИД ОГЛЫ, л/н ОГ-354870;\n"
        "матросу Алиевой Айтен Вагиф кызы, л/н ОГ-354871.\n"
    )
    assert set(_people(text)) == {
        "Шевченко Эльчин Гасан оглы",
        "Мамедов Вугар Рашид оглы",
        "Алиева Айтен Вагиф кызы",
    }


def test_it_reads_the_accusative_an_order_to_exclude_someone_takes() -> None:
    """ "Исключить ефрейтора … Илью": the rank's form is genitive and accusative alike."""
    text = (
        "ПРИКАЗ\n1. Исключить:\nефрейтора Выдуманного Илью Андреевича;\n"
        "мл. с-та Иванову Анну Петровну."
    )
    assert set(_people(text)) == {"Выдуманный Илья Андреевич", "Иванова Анна Петровна"}
